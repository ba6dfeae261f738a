# SPDX-License-Identifier: BSD-3-Clause
# wechatlogin_add_test(): one test in one call, as Qt's qt_internal_add_test and KDE's
# ecm_add_test do.
#
#   wechatlogin_add_test(<name>
#       LABELS <label>...            # unit e2e app package fuzz benchmark reliability
#       [SOURCES <file>...]          # build the executable <name> from these
#       [EXECUTABLE <target>]        # or run an executable built elsewhere (another set of
#                                    # arguments or environment for the same binary)
#       [COMMAND <command>...]       # or run any command
#       [LIBRARIES <target>...] [DEFINITIONS <definition>...]
#       [DEPENDS <target>...]        # built before the test can run (the app, a helper)
#       [ARGS <argument>...] [ENVIRONMENT <VAR=value>...]
#       [TIMEOUT <seconds>]          # default 300
#       [RUN_SERIAL])                # nothing else runs meanwhile (benchmarks)
#
# Every test runs headless: QT_QPA_PLATFORM=offscreen unless its ENVIRONMENT says
# otherwise, and QTWEBENGINE_DISABLE_SANDBOX=1 (Chromium's sandbox cannot run as root).
# The keychain tests need a D-Bus session with an unlocked Secret Service: README, Tests.

set(WECHATLOGIN_TEST_LABELS unit e2e app package fuzz benchmark reliability)

function(wechatlogin_add_test name)
    cmake_parse_arguments(PARSE_ARGV 1 arg "RUN_SERIAL" "EXECUTABLE;TIMEOUT"
        "SOURCES;COMMAND;LIBRARIES;DEFINITIONS;DEPENDS;ARGS;ENVIRONMENT;LABELS")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "wechatlogin_add_test(${name}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT arg_LABELS)
        message(FATAL_ERROR "wechatlogin_add_test(${name}): give it LABELS (${WECHATLOGIN_TEST_LABELS})")
    endif()
    foreach(label IN LISTS arg_LABELS)
        if(NOT label IN_LIST WECHATLOGIN_TEST_LABELS)
            message(FATAL_ERROR "wechatlogin_add_test(${name}): unknown label ${label}")
        endif()
    endforeach()

    if(arg_SOURCES)
        qt_add_executable(${name} ${arg_SOURCES})
        target_link_libraries(${name} PRIVATE ${arg_LIBRARIES})
        if(arg_DEFINITIONS)
            target_compile_definitions(${name} PRIVATE ${arg_DEFINITIONS})
        endif()
        set(command $<TARGET_FILE:${name}>)
        set(exe ${name})
    elseif(arg_EXECUTABLE)
        set(command $<TARGET_FILE:${arg_EXECUTABLE}>)
        set(exe ${arg_EXECUTABLE})
    elseif(arg_COMMAND)
        set(command ${arg_COMMAND})
    else()
        message(FATAL_ERROR "wechatlogin_add_test(${name}): give SOURCES, EXECUTABLE or COMMAND")
    endif()
    if(arg_DEPENDS AND exe)
        add_dependencies(${exe} ${arg_DEPENDS})
    endif()

    # Every test runs in a private D-Bus session with its own keyring (tests/with-keyring,
    # a no-op inside one already): a bare `ctest` in a person's desktop session never
    # locks, writes or deletes anything in their keyrings. A test that must have no
    # keyring at all says so with DBUS_SESSION_BUS_ADDRESS in its ENVIRONMENT.
    string(FIND "${arg_ENVIRONMENT}" "DBUS_SESSION_BUS_ADDRESS=" own_bus)
    if(own_bus EQUAL -1)
        list(GET command 0 program)
        if(TARGET ${program}) # add_test resolves a target only as the first word
            list(REMOVE_AT command 0)
            list(PREPEND command $<TARGET_FILE:${program}>)
        endif()
        set(command ${PROJECT_SOURCE_DIR}/tests/with-keyring ${command})
    else()
        list(APPEND arg_ENVIRONMENT WECHATLOGIN_TEST_KEYRING=none)
    endif()
    add_test(NAME ${name} COMMAND ${command} ${arg_ARGS})
    if(NOT arg_TIMEOUT)
        set(arg_TIMEOUT 300)
    endif()
    # The test's own variables come last and win.
    set(environment QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 ${arg_ENVIRONMENT})
    set_tests_properties(${name} PROPERTIES
        LABELS "${arg_LABELS}"
        TIMEOUT ${arg_TIMEOUT}
        ENVIRONMENT "${environment}")
    if(arg_RUN_SERIAL)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
endfunction()
