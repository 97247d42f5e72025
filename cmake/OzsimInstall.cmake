# Installs the ozsim command, its bundled scenarios (share/ozsim/scenarios, where the
# command looks for its default), and the libraries with their headers as the
# CMake package `ozsim` (find_package(ozsim) gives ozsim::engine, ozsim::model, ...).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS ozsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ozsim/scenarios
        FILES_MATCHING PATTERN "*.toml")

set(_ozsim_sim_libraries engine model params scenario analysis output report)
foreach(_layer IN LISTS _ozsim_sim_libraries)
  install(TARGETS ozsim_${_layer} EXPORT ozsimTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/sim/${_layer}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sim/${_layer}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(EXPORT ozsimTargets NAMESPACE ozsim:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ozsim)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ozsimConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/ozsimConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ozsim)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ozsimConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ozsimConfig.cmake ${PROJECT_BINARY_DIR}/ozsimConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ozsim)
