# SIPAUDIT_SANITIZE=ON builds everything with AddressSanitizer and UBSan (the "asan" preset).
option(SIPAUDIT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(SIPAUDIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# The flags of the sanitized copies built for tests in every build (the fuzz replays and the
# sanitized plugin of sipdigest.robustness.sanitized): any UB report is a failure.
set(SIPAUDIT_TEST_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all
                             -fno-omit-frame-pointer)
