// Statistics of the sipdigest plugin: the stats tree "SIP Digest/Credentials" (Statistics menu;
// tshark -z sipdigest,stat), fed by the tap "sipdigest" (sipdigest_tap.h).
#pragma once

// Registers the stats tree and its -z arguments "sipdigest,tree" and "sipdigest,stat". Call once,
// from the protocol registration routine (tshark reads the stats tree registry and parses -z
// arguments only after every protocol is registered).
void register_sipdigest_stats();
