// The plugin's state, shared by its glue files: the credentials store, the weak-password audit
// and the exchange tracker with every frame's results.
#pragma once

#include "digest/credentials.h"
#include "digest/exchange.h"
#include "digest/weak_audit.h"

namespace sipdigest_plugin {

struct PluginState {
    digest::WeakAudit audit;
    digest::CredentialStore store;
    digest::Exchange exchange{store};
    digest::FrameNumber last_collected = 0;  // the first pass has read frames up to this one
};

PluginState& state();

}  // namespace sipdigest_plugin
