# sipdigest diagnosis (cause, nonce-life flags, rspauth / nextnonce) on real captures of clients and
# servers misbehaving on purpose; expected values = the generator's intent (make_causes.py).
# Include from a CMakeLists.txt that has found Python3 (tests/CMakeLists.txt does).
set(_sipdigest_causes_dir ${CMAKE_CURRENT_LIST_DIR})
foreach(_scenario causes nonce-life)
  set(_data ${PROJECT_SOURCE_DIR}/testdata/digest/${_scenario})
  add_test(NAME sipdigest.causes.${_scenario}
           COMMAND ${Python3_EXECUTABLE} ${_sipdigest_causes_dir}/check_causes.py
                   --wrapper ${CMAKE_BINARY_DIR}/tshark-sipdigest
                   --capture ${_data}/capture.pcapng
                   --credentials ${_data}/credentials.txt
                   --intent ${_data}/generator-intent.csv)
  set_tests_properties(sipdigest.causes.${_scenario} PROPERTIES TIMEOUT 300 LABELS integration)
endforeach()
