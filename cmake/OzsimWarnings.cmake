# One place that sets warnings and sanitizers for every ozsim target.
add_library(ozsim_options INTERFACE)
add_library(ozsim::options ALIAS ozsim_options)
target_compile_features(ozsim_options INTERFACE cxx_std_20)
target_compile_options(ozsim_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
                                               $<$<BOOL:${OZSIM_WERROR}>:-Werror>)
# GCC 12 at -O2/-O3 reports -Wrestrict inside std::string concatenation (GCC bug 105329), a false positive.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(ozsim_options INTERFACE -Wno-restrict)
endif()
if(OZSIM_SANITIZE)
  target_compile_options(ozsim_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(ozsim_options INTERFACE -fsanitize=address,undefined)
endif()

# Every ozsim library: sources found by glob so parallel work on a folder needs no CMake edits.
# `prefix` is how the folder is included ("sim/engine" for #include "sim/engine/x.hpp").
# Each library's include root holds a link to its own folder only, so a header
# of a library it does not link cannot be found: the layering is a compile error,
# not a convention (tests/layering checks that it stays so).
function(ozsim_add_library name dir prefix)
  file(GLOB_RECURSE _sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  add_library(ozsim_${name} STATIC ${_sources})
  add_library(ozsim::${name} ALIAS ozsim_${name})
  set_target_properties(ozsim_${name} PROPERTIES EXPORT_NAME ${name})
  set(_root ${PROJECT_BINARY_DIR}/include-roots/${name})
  get_filename_component(_link ${_root}/${prefix} ABSOLUTE)
  get_filename_component(_link_parent ${_link} DIRECTORY)
  file(MAKE_DIRECTORY ${_link_parent})
  if(NOT EXISTS ${_link})
    file(CREATE_LINK ${dir} ${_link} SYMBOLIC)
  endif()
  target_include_directories(ozsim_${name} PUBLIC $<BUILD_INTERFACE:${_root}> $<INSTALL_INTERFACE:include>)
  # The warning flags are ours, not an installed consumer's: they apply to the build tree only.
  target_link_libraries(ozsim_${name} PUBLIC $<BUILD_INTERFACE:ozsim::options>)
  target_compile_features(ozsim_${name} PUBLIC cxx_std_20)
  set_property(GLOBAL APPEND PROPERTY OZSIM_LIBRARIES ozsim_${name})
endfunction()
