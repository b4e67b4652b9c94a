# sipaudit_warnings(target): the project's warning set, applied to every target we compile.
option(SIPAUDIT_WERROR "Treat compiler warnings as errors" OFF)

function(sipaudit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  if(SIPAUDIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
