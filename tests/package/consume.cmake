# SPDX-License-Identifier: BSD-3-Clause
# Builds and runs tests/package/consumer against WeChatLogin.
#   cmake -DMODE=find_package|add_subdirectory -DSOURCE=<source dir> -DBUILD=<build dir>
#         -DWORK=<scratch dir> -P consume.cmake
file(REMOVE_RECURSE ${WORK})
set(configure_args -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if(MODE STREQUAL "find_package")
    execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix
                    OUTPUT_QUIET RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "cmake --install failed (${rc})")
    endif()
    list(APPEND configure_args -DCMAKE_PREFIX_PATH=${WORK}/prefix)
else()
    list(APPEND configure_args -DWECHATLOGIN_SOURCE_DIR=${SOURCE})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE}/tests/package/consumer -B ${WORK}/build
                ${configure_args} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the consumer failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the consumer failed (${rc})")
endif()
if(MODE STREQUAL "find_package")
    # Linked against the installed libraries, not the build tree's.
    execute_process(COMMAND ldd ${WORK}/build/consumer OUTPUT_VARIABLE ldd)
    if(NOT ldd MATCHES "${WORK}/prefix/lib/libWeChatLoginWidgets")
        message(FATAL_ERROR "the consumer does not use the installed libraries:\n${ldd}")
    endif()
    if(ldd MATCHES "${BUILD}/(auth|widgets|sandbox)/")
        message(FATAL_ERROR "the consumer uses the build tree:\n${ldd}")
    endif()
endif()
execute_process(COMMAND ${WORK}/build/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "signed in as")
    message(FATAL_ERROR "the consumer did not sign in (${rc})")
endif()

# The out-of-process host: links no QtWebEngine and finds the dialog program on its own
# (installed: <prefix>/libexec/wechat-login; add_subdirectory: the consumer's build tree).
execute_process(COMMAND ldd ${WORK}/build/consumer-process OUTPUT_VARIABLE ldd)
if(ldd MATCHES "WebEngine|Qt6Widgets|WeChatLoginWidgets")
    message(FATAL_ERROR "consumer-process links widgets or QtWebEngine:\n${ldd}")
endif()
execute_process(COMMAND ${WORK}/build/consumer-process RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
message("${out}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "signed in as .* through a separate process")
    message(FATAL_ERROR "consumer-process did not sign in (${rc}):\n${err}")
endif()
if(MODE STREQUAL "find_package" AND NOT out MATCHES "dialog program: ${WORK}/prefix/libexec/wechat-login/wechat-login-dialog")
    message(FATAL_ERROR "consumer-process did not find the installed wechat-login-dialog")
endif()
