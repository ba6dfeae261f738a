// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// What a QML developer gets wrong is said, not crashed on: a SessionManager without its
// anon key or with a plain-http project, a BrowserSignIn without a SessionManager, a
// sign-out scope that does not exist, accessToken() without a function; and a changed
// declaration builds a new manager.

import QtQml
import QtTest
import WeChatLogin

TestCase {
    id: testCase
    name: "Declarations"

    Component {
        id: managerComponent
        SessionManager {}
    }
    Component {
        id: flowComponent
        BrowserSignIn {}
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }

    function test_missingAnonKeyIsSaid() {
        ignoreWarning(/anon key/)
        const m = createTemporaryObject(managerComponent, testCase,
                                        { projectUrl: sandbox.authUrl })
        verify(m.errorString.length > 0)
        compare(m.state, SessionManager.Unknown)
        ignoreWarning(/not usable/)
        m.restore() // nothing happens but the warning
        let error = null
        m.accessToken(function(t, e) { error = e })
        compare(error, m.errorString)
    }

    function test_plainHttpProjectIsRefused() {
        ignoreWarning(/https/)
        const m = createTemporaryObject(managerComponent, testCase,
                                        { projectUrl: "http://example.com", anonKey: sandbox.anonKey })
        verify(m.errorString.indexOf("https") >= 0)
    }

    function test_aChangedDeclarationBuildsANewManager() {
        ignoreWarning(/anon key/)
        const m = createTemporaryObject(managerComponent, testCase,
                                        { projectUrl: sandbox.authUrl,
                                          keychainService: sandbox.keychainService })
        verify(m.errorString.length > 0)
        const rebuilt = createTemporaryObject(spyComponent, testCase,
                                              { target: m, signalName: "managerChanged" })
        m.anonKey = sandbox.anonKey
        compare(rebuilt.count, 1)
        compare(m.errorString, "")
        const initial = createTemporaryObject(spyComponent, testCase,
                                              { target: m, signalName: "initialSession" })
        m.restore()
        tryCompare(initial, "count", 1, 10000)
    }

    function test_badScopeAndCallback() {
        const m = createTemporaryObject(managerComponent, testCase,
                                        { projectUrl: sandbox.authUrl, anonKey: sandbox.anonKey,
                                          keychainService: sandbox.keychainService })
        ignoreWarning(/scope is "global", "local" or "others"/)
        m.signOut("everywhere")
        ignoreWarning(/callback is not a function/)
        m.accessToken("not a function")
    }

    function test_browserSignInWithoutAManager() {
        const flow = createTemporaryObject(flowComponent, testCase)
        const failed = createTemporaryObject(spyComponent, testCase,
                                             { target: flow, signalName: "failed" })
        ignoreWarning(/no sessionManager/)
        flow.start()
        compare(failed.count, 1)
        compare(failed.signalArguments[0][1], "ConfigError")
        compare(flow.state, BrowserSignIn.Idle)
    }
}
