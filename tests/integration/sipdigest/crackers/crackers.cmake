# hashcat -m 11400 and sipcrack on the plugin's sipdigest.hashcat / sipdigest.sipdump fields:
# each must recover exactly the expected username=password pairs from a real capture.
# Needs the Debian packages hashcat, pocl-opencl-icd (hashcat's CPU OpenCL) and sipcrack;
# a missing tool fails the test with the package to install.
set(_crackers_dir ${CMAKE_CURRENT_LIST_DIR})
set(_crackers_cache ${CMAKE_BINARY_DIR}/crackers-cache)  # hashcat's compiled kernels

# sipdigest_crackers(NAME CAPTURE CREDENTIALS WORDLIST EXPECT USER=PASSWORD...)
function(sipdigest_crackers name capture credentials wordlist)
  cmake_parse_arguments(ARG "" "" "EXPECT" ${ARGN})
  list(TRANSFORM ARG_EXPECT PREPEND "--expect=")
  foreach(_tool hashcat sipcrack)
    set(_test sipdigest.crackers.${_tool}.${name})
    add_test(NAME ${_test}
             COMMAND ${Python3_EXECUTABLE} ${_crackers_dir}/check_crackers.py --tool ${_tool}
                     --wrapper ${CMAKE_BINARY_DIR}/tshark-sipdigest --capture ${capture}
                     --credentials ${credentials} --wordlist ${wordlist}
                     --cache-dir ${_crackers_cache} ${ARG_EXPECT})
    set_tests_properties(${_test} PROPERTIES TIMEOUT 180 LABELS integration)
    if(_tool STREQUAL "hashcat")
      set_tests_properties(${_test} PROPERTIES RESOURCE_LOCK sipdigest_crackers_cache)
    endif()
  endforeach()
endfunction()

# shared/corpus GROUND_TRUTH: 100, 101 and 102 use password = username (101 and 200 also fail
# once with a wrong password, 199 is unknown); the wordlist has those three and wrong words only.
set(_corpus ${PROJECT_SOURCE_DIR}/testdata/corpus)
foreach(_scenario register-md5-qop-auth register-md5-no-qop)
  sipdigest_crackers(${_scenario} ${_corpus}/${_scenario}/capture.pcapng
                     ${_corpus}/credentials.txt ${_crackers_dir}/corpus-words.txt
                     EXPECT 100=100 101=101 102=102)
endforeach()

# IPv6 ([::1]) REGISTERs: bob's MD5 response cracks (a password with colons); frank's was made
# with a wrong password, so his stored one (in the wordlist) must not crack it; the SHA-256,
# -sess and auth-int requests are not exported.
set(_ipv6 ${PROJECT_SOURCE_DIR}/testdata/digest/ipv6-tcp)
sipdigest_crackers(ipv6-tcp ${_ipv6}/capture.pcapng ${_ipv6}/credentials.txt
                   ${_crackers_dir}/ipv6-tcp-words.txt EXPECT bob=b0b:with:colons)
