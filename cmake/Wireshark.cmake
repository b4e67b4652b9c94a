# Finds Wireshark 4.0 (a plugin only loads into the major.minor it was built for) and decides
# where the plugin is staged for tests and where `cmake --install` puts it.
find_package(Wireshark 4.0...<4.1 CONFIG REQUIRED)

set(SIPDIGEST_ABI "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
# Tests point WIRESHARK_PLUGIN_DIR here; tshark then loads <dir>/<abi>/epan/*.so.
set(SIPDIGEST_STAGE_ROOT "${CMAKE_BINARY_DIR}/stage/plugins")
set(SIPDIGEST_STAGE_DIR "${SIPDIGEST_STAGE_ROOT}/${SIPDIGEST_ABI}/epan")

execute_process(COMMAND id -u OUTPUT_VARIABLE _sipaudit_uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(_sipaudit_uid STREQUAL "0")
  set(_sipdigest_default_install "${Wireshark_PLUGIN_INSTALL_DIR}/epan")
else()
  set(_sipdigest_default_install "$ENV{HOME}/.local/lib/wireshark/plugins/${SIPDIGEST_ABI}/epan")
endif()
set(SIPDIGEST_INSTALL_DIR "${_sipdigest_default_install}" CACHE PATH
    "Where cmake --install puts sipdigest.so (global plugin dir for root, personal one otherwise)")
