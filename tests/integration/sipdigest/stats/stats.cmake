# Statistics of the sipdigest plugin: `tshark -z sipdigest,stat` (the stats tree "SIP Digest/
# Credentials") on real captures, each realm's and user's counts compared with counts computed
# from the ground truth of truth/digest_truth.py (see check_stats.py). Included from
# tests/integration/sipdigest/CMakeLists.txt.
set(_stats_wrapper ${CMAKE_BINARY_DIR}/tshark-sipdigest)
set(_stats_check ${CMAKE_CURRENT_LIST_DIR}/check_stats.py)
set(_stats_truth ${CMAKE_CURRENT_LIST_DIR}/../truth/digest_truth.py)
set(_stats_corpus ${PROJECT_SOURCE_DIR}/testdata/corpus)
set(_stats_digest ${PROJECT_SOURCE_DIR}/testdata/digest)

# sipdigest_stats_test(NAME CAPTURE CREDENTIALS [extra check_stats.py arguments...])
function(sipdigest_stats_test name capture credentials)
  add_test(NAME sipdigest.stats.${name}
           COMMAND ${Python3_EXECUTABLE} ${_stats_check} --wrapper ${_stats_wrapper}
                   --truth ${_stats_truth} --capture ${capture} --credentials ${credentials}
                   ${ARGN})
  set_tests_properties(sipdigest.stats.${name} PROPERTIES TIMEOUT 60 LABELS integration)
endfunction()

foreach(_name register-md5-qop-auth register-md5-no-qop call-proxy-auth sha256-qop-auth)
  sipdigest_stats_test(corpus.${_name} ${_stats_corpus}/${_name}/capture.pcapng
                       ${_stats_corpus}/credentials.txt)
endforeach()
sipdigest_stats_test(corpus.tcp ${_stats_corpus}/tcp/capture.pcapng.gz
                     ${_stats_corpus}/credentials.txt)

foreach(_name algorithms auth-int userhash multi-header ipv6-tcp)
  sipdigest_stats_test(${_name} ${_stats_digest}/${_name}/capture.pcapng
                       ${_stats_digest}/${_name}/credentials.txt
                       --readme ${_stats_digest}/${_name}/README.md)
endforeach()
# kamailio's own runs: refusing every qop=auth-int response (four disagreements, by the rule on
# the truth), retiring a nonce without stale=true (none), answering sipsak's "1000@" usernames,
# in IP fragments, refusing replays (none), barring a call (one), and over WebSocket and TLS
# (read with its key log); and sofia-sip as the client.
foreach(_name kamailio-auth-int kamailio-stale kamailio-sipsak kamailio-fragments
              kamailio-nonce-count websocket tls sofia-client)
  set(_keys "")
  if(EXISTS ${_stats_digest}/${_name}/keylog.txt)
    set(_keys --tls-keylog ${_stats_digest}/${_name}/keylog.txt)
  endif()
  sipdigest_stats_test(${_name} ${_stats_digest}/${_name}/capture.pcapng
                       ${_stats_digest}/${_name}/credentials.txt ${_keys})
endforeach()
sipdigest_stats_test(kamailio-barred ${_stats_digest}/kamailio-barred/capture.pcapng
                     ${_stats_digest}/kamailio-barred/credentials.txt
                     --readme ${_stats_digest}/kamailio-barred/README.md)
sipdigest_stats_test(precomputed-ha1 ${_stats_digest}/precomputed-ha1/capture.pcapng
                     ${_stats_digest}/precomputed-ha1/credentials.txt
                     --htdigest ${_stats_digest}/precomputed-ha1/htdigest.txt
                     --readme ${_stats_digest}/precomputed-ha1/README.md)

# One pass: disagreements are known on the answer's frame, so the counts are the same.
sipdigest_stats_test(algorithms.one-pass ${_stats_digest}/algorithms/capture.pcapng
                     ${_stats_digest}/algorithms/credentials.txt --one-pass)
# -z sipdigest,stat,<filter>: frames 1-57 only (frame 56's disagreement is answered in frame 58).
sipdigest_stats_test(auth-int.filter ${_stats_digest}/auth-int/capture.pcapng
                     ${_stats_digest}/auth-int/credentials.txt --max-frame 57)
# The stats tree's own -z argument gives the same statistics.
sipdigest_stats_test(multi-header.tree-arg ${_stats_digest}/multi-header/capture.pcapng
                     ${_stats_digest}/multi-header/credentials.txt --zarg sipdigest,tree)

add_test(NAME sipdigest.stats.bad-argument
         COMMAND ${_stats_wrapper} -r ${_stats_digest}/algorithms/capture.pcapng -q
                 -z sipdigest,statistics)
set_tests_properties(sipdigest.stats.bad-argument PROPERTIES
  TIMEOUT 60 LABELS integration
  PASS_REGULAR_EXPRESSION "invalid -z argument sipdigest,statistics")
