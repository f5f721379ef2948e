# /docs assets: Swagger UI, from the npm package swagger-ui-dist at the
# version pinned in clients/package-lock.json (scripts/deps.sh test runs
# `npm ci` there), compiled into the binary by server/docs_assets.c.
# Without it (a plain cmake build, the Dockerfile) /docs is the built-in
# self-contained page (server/docs.c).  Included by CMakeLists.txt.
set(PYSTD_SWAGGER_UI_DIR "${CMAKE_SOURCE_DIR}/clients/node_modules/swagger-ui-dist"
    CACHE PATH "swagger-ui-dist to compile into /docs (empty: the built-in page)")
set(_sui_files swagger-ui-bundle.js swagger-ui.css favicon-32x32.png LICENSE swagger-ui-bundle.js.LICENSE.txt)
set(_sui_ok FALSE)
if(PYSTD_SWAGGER_UI_DIR AND EXISTS "${PYSTD_SWAGGER_UI_DIR}/package.json")
  set(_sui_ok TRUE)
  set(_sui_deps "")
  foreach(f ${_sui_files})
    if(NOT EXISTS "${PYSTD_SWAGGER_UI_DIR}/${f}")
      set(_sui_ok FALSE)
    endif()
    list(APPEND _sui_deps "${PYSTD_SWAGGER_UI_DIR}/${f}")
  endforeach()
endif()
if(_sui_ok)
  file(READ "${PYSTD_SWAGGER_UI_DIR}/package.json" _sui_pkg)
  string(JSON _sui_version GET "${_sui_pkg}" version)
  set_source_files_properties(${CMAKE_SOURCE_DIR}/server/docs_assets.c PROPERTIES
    COMPILE_DEFINITIONS "PYSTD_SWAGGER_UI_DIR=\"${PYSTD_SWAGGER_UI_DIR}\";PYSTD_SWAGGER_UI_VERSION=\"${_sui_version}\""
    OBJECT_DEPENDS "${_sui_deps}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PYSTD_SWAGGER_UI_DIR}/package.json")
  message(STATUS "pystd /docs: Swagger UI ${_sui_version} from ${PYSTD_SWAGGER_UI_DIR}")
else()
  message(STATUS "pystd /docs: the built-in page (no swagger-ui-dist: npm ci --prefix clients)")
endif()
