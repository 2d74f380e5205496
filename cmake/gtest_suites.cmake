# One ctest per GoogleTest suite of a test binary, found when ctest starts (like
# gtest_discover_tests' PRE_TEST mode, which makes one ctest per test). Unit tests take
# milliseconds but each process starts the sanitizers' runtime for about half a second, so a
# process per test spent four minutes of a `make test` starting processes; per suite they still
# run side by side and a failure still names its suite.
#
# tw_gtest_suites(TARGET PREFIX LABEL ENVIRONMENT [PROPERTY VALUE]...) registers the tests of
# TARGET as PREFIX.<Suite>, with any further test properties given.
function(tw_gtest_suites target prefix label environment)
  string(JOIN " " extra ${ARGN})
  set(base "${CMAKE_CURRENT_BINARY_DIR}/${target}_suites")
  file(GENERATE OUTPUT "${base}.cmake" CONTENT
"set(binary [==[$<TARGET_FILE:${target}>]==])
set(environment [==[${environment}]==])
if(NOT EXISTS \"\${binary}\")
  add_test([==[${prefix}.NOT_BUILT]==] [==[${target} was not built]==])
  return()
endif()
execute_process(COMMAND \"\${binary}\" --gtest_list_tests OUTPUT_VARIABLE listing RESULT_VARIABLE listed)
if(NOT listed EQUAL 0)
  add_test([==[${prefix}.LISTING_FAILED]==] \"\${binary}\" --gtest_list_tests)
  return()
endif()
string(REPLACE \"\\n\" \";\" lines \"\${listing}\")
foreach(line IN LISTS lines)
  if(line MATCHES \"^([^ #]+)\\\\.\")
    set(suite \"\${CMAKE_MATCH_1}\")
    add_test(\"${prefix}.\${suite}\" \"\${binary}\" \"--gtest_filter=\${suite}.*\")
    set_tests_properties(\"${prefix}.\${suite}\" PROPERTIES LABELS ${label} ENVIRONMENT \"\${environment}\" ${extra})
  endif()
endforeach()
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${base}.cmake")
endfunction()
