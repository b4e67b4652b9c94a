// Preferences and the credentials table (UAT) of the plugin.
#pragma once

namespace sipdigest_plugin {

// Registers the preferences and the credentials table under protocol `proto`.
void register_settings(int proto);

// Whether the weak-password audit is switched on.
bool audit_enabled();

}  // namespace sipdigest_plugin
