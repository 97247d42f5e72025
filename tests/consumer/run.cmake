# Installs the build tree into a fresh prefix, builds tests/consumer against it with
# find_package(ozsim), runs it, and runs the installed ozsim on its bundled default scenario.
file(REMOVE_RECURSE ${WORK})
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()
step(${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix)
step(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -G Ninja -DCMAKE_BUILD_TYPE=Release
     -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCMAKE_CXX_COMPILER=${CXX})
step(${CMAKE_COMMAND} --build ${WORK}/build)
step(${WORK}/build/consumer ${SCENARIO})
step(${WORK}/prefix/bin/ozsim run --replications 1 --years 6 --out ${WORK}/out)
if(NOT EXISTS ${WORK}/out/summary.json)
  message(FATAL_ERROR "the installed ozsim wrote no summary.json")
endif()
