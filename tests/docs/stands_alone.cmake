# The repository stands alone: someone who clones it has only what is in it.
#   1. No tracked file refers to the sibling folder the project was started from
#      (the parent-directory "shared" path) or to its seed documents by file name;
#      the domain lives in docs/domain.md, the documents in docs/sources.md.
#   2. Every source id cited in the scenarios, the calibration files, README,
#      DEVELOPERS, docs/ and the C++ sources and tests (the key tables' "source"
#      texts shown by --help-keys) is defined in docs/sources.md by a heading
#      "### [ID] title". An id is capitals and digits in at least two
#      dash-separated parts, the first of two or more characters: [MH-2024],
#      [KW-AKKOORD]. [SCENARIO] in a usage line and v[N-1] in code are not ids.
# Run: cmake -DOZSIM_SOURCE_DIR=<repo> -P tests/docs/stands_alone.cmake
# Fails (FATAL_ERROR, one line per finding) on any violation.
cmake_minimum_required(VERSION 3.25)
if(NOT OZSIM_SOURCE_DIR)
  message(FATAL_ERROR "stands_alone.cmake: pass -DOZSIM_SOURCE_DIR=<repository root>")
endif()
set(root "${OZSIM_SOURCE_DIR}")

# The files: git's list where the tree is a checkout (untracked build output is
# then ignored), otherwise everything outside build folders (a source tarball).
find_package(Git QUIET)
set(files "")
if(GIT_FOUND AND EXISTS "${root}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${root}" -c core.quotepath=off ls-files
                  OUTPUT_VARIABLE listing RESULT_VARIABLE git_status)
  if(git_status EQUAL 0)
    string(REPLACE "\n" ";" files "${listing}")
  endif()
endif()
if(NOT files)
  file(GLOB_RECURSE files RELATIVE "${root}" "${root}/*")
  list(FILTER files EXCLUDE REGEX "^(build|\\.git|ozsim-out)/")
endif()
list(REMOVE_ITEM files "")

# Spelled in pieces so that this file does not match itself.
set(parent "..")
set(forbidden_path "${parent}/shared")
set(seed_names
    "aan-den-ijssel-samenwerking-partners" "amersfoort-samenwerkingsagenda-2021-2022"
    "krimpenerwaard-akkoord.txt" "midden-holland-thuiszitters-en-ontwikkelagenda"
    "utrecht-west-samenwerkingsagenda-2016-2018")

set(findings "")
set(cited "")
foreach(rel IN LISTS files)
  set(path "${root}/${rel}")
  if(NOT EXISTS "${path}" OR IS_DIRECTORY "${path}")
    continue()
  endif()
  file(READ "${path}" text)
  string(FIND "${text}" "${forbidden_path}" at)
  if(NOT at EQUAL -1)
    list(APPEND findings "${rel}: refers to ${forbidden_path}, cite docs/domain.md or a source id from docs/sources.md")
  endif()
  if(NOT rel STREQUAL "tests/docs/stands_alone.cmake")
    foreach(name IN LISTS seed_names)
      string(FIND "${text}" "${name}" at)
      if(NOT at EQUAL -1)
        list(APPEND findings "${rel}: names the source file ${name}, cite its id from docs/sources.md")
      endif()
    endforeach()
  endif()
  if(rel MATCHES "^(scenarios/.*\\.toml|calibration/.*\\.toml|docs/.*\\.md|README\\.md|DEVELOPERS\\.md|(sim|calibration|tests)/.*\\.[ch]pp)$")
    string(REGEX MATCHALL "\\[[A-Z][A-Z0-9]+(-[A-Z0-9]+)+\\]" ids "${text}")
    foreach(id IN LISTS ids)
      string(REGEX REPLACE "^\\[(.*)\\]$" "\\1" id "${id}")
      list(APPEND cited "${id}")
      list(APPEND cited_in_${id} "${rel}")
    endforeach()
  endif()
endforeach()

# The ids docs/sources.md defines: headings "### [ID] title".
set(defined "")
if(EXISTS "${root}/docs/sources.md")
  file(STRINGS "${root}/docs/sources.md" headings REGEX "^#+ \\[[A-Z][A-Z0-9]+(-[A-Z0-9]+)+\\]")
  foreach(heading IN LISTS headings)
    string(REGEX REPLACE "^#+ \\[([A-Z0-9-]+)\\].*$" "\\1" id "${heading}")
    if(id IN_LIST defined)
      list(APPEND findings "docs/sources.md: source id [${id}] is defined twice")
    endif()
    list(APPEND defined "${id}")
  endforeach()
else()
  list(APPEND findings "docs/sources.md: missing")
endif()
if(NOT defined)
  list(APPEND findings "docs/sources.md: defines no source id (expected headings like \"### [MH-2024] title\")")
endif()

list(REMOVE_DUPLICATES cited)
foreach(id IN LISTS cited)
  if(NOT id IN_LIST defined)
    list(REMOVE_DUPLICATES cited_in_${id})
    list(JOIN cited_in_${id} ", " where)
    list(APPEND findings "[${id}] is cited in ${where} but not defined in docs/sources.md")
  endif()
endforeach()

list(LENGTH files file_count)
list(LENGTH cited cited_count)
list(LENGTH defined defined_count)
if(findings)
  list(JOIN findings "\n  " report)
  message(FATAL_ERROR "The repository does not stand alone:\n  ${report}")
endif()
message(STATUS "${file_count} files checked; ${cited_count} cited source ids, all among the ${defined_count} in docs/sources.md")
