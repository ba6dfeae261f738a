// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager and Session in QML against the sandbox and the real keychain: restore
// when nobody is signed in, a sign-in (BrowserSignIn, the browser played by the test)
// stored and seen by bindings, the access token handed to a callback only, a new manager
// for the same project restoring it silently, and sign-out; bad declarations said.

import QtQml
import QtTest
import WeChatLogin

TestCase {
    id: testCase
    name: "SessionManager"

    SessionManager {
        id: sessions
        projectUrl: sandbox.authUrl
        anonKey: sandbox.anonKey
        keychainService: sandbox.keychainService
        trustedHosts: [sandbox.wechatHost]
    }

    BrowserSignIn {
        id: browserSignIn
        sessionManager: sessions
        opensBrowser: false // the test is the browser
    }

    Component {
        id: anotherManager
        SessionManager {
            projectUrl: sandbox.authUrl
            anonKey: sandbox.anonKey
            keychainService: sandbox.keychainService
        }
    }

    SignalSpy { id: initialSpy; target: sessions; signalName: "initialSession" }
    SignalSpy { id: signedInSpy; target: sessions; signalName: "signedIn" }
    SignalSpy { id: signedOutSpy; target: sessions; signalName: "signedOut" }
    SignalSpy { id: stateSpy; target: sessions; signalName: "stateChanged" }
    SignalSpy { id: flowSignedIn; target: browserSignIn; signalName: "signedIn" }
    SignalSpy { id: flowFailed; target: browserSignIn; signalName: "failed" }

    function initTestCase() {
        sandbox.forget()
    }

    function test_1_restoreSignedOut() {
        compare(sessions.state, SessionManager.Unknown)
        verify(!sessions.signedIn)
        sessions.restore()
        tryCompare(initialSpy, "count", 1, 10000)
        compare(sessions.state, SessionManager.SignedOut)
        verify(!initialSpy.signalArguments[0][0].valid)
        verify(!sessions.session.valid)
        compare(sessions.errorString, "")
    }

    function test_2_signInThroughTheBrowserIsStored() {
        browserSignIn.start()
        compare(browserSignIn.state, BrowserSignIn.Waiting)
        verify(String(browserSignIn.authorizeUrl).indexOf("/auth/v1/authorize") > 0)
        verify(sandbox.playBrowser(browserSignIn.authorizeUrl))
        tryCompare(flowSignedIn, "count", 1, 15000)
        compare(flowFailed.count, 0)
        // Stored before signedIn() came; bindings see the session, never its tokens.
        verify(sandbox.storedSession() !== "")
        compare(signedInSpy.count, 1)
        verify(sessions.signedIn)
        compare(sessions.state, SessionManager.SignedIn)
        compare(sessions.session.nickname, "小微同学")
        compare(sessions.session.provider, "wechat_qr")
        verify(sessions.session.userId !== "")
        verify(sessions.session.expiresAt > new Date())
        compare(sessions.session.accessToken, undefined)
        compare(sessions.session.refreshToken, undefined)
        compare(browserSignIn.state, BrowserSignIn.Idle)
    }

    function test_3_accessTokenGoesToTheCallbackOnly() {
        let token = null
        let error = null
        sessions.accessToken(function(t, e) { token = t; error = e })
        tryVerify(() => token !== null, 10000)
        compare(error, "")
        verify(token.startsWith("eyJ"))
        verify(sandbox.storedSession().indexOf(token) >= 0)
    }

    function test_4_anotherManagerRestoresItSilently() {
        const other = createTemporaryObject(anotherManager, testCase)
        const initial = createTemporaryObject(signalSpyComponent, testCase,
                                              { target: other, signalName: "initialSession" })
        other.restore()
        tryCompare(initial, "count", 1, 10000)
        verify(other.signedIn)
        compare(other.session.nickname, "小微同学")
        compare(other.session.userId, sessions.session.userId)
    }

    function test_5_signOut() {
        sessions.signOut("local")
        tryCompare(signedOutSpy, "count", 1, 10000)
        compare(signedOutSpy.signalArguments[0][0], "UserAction")
        verify(signedOutSpy.signalArguments[0][1] !== "")
        verify(!sessions.signedIn)
        compare(sessions.state, SessionManager.SignedOut)
        tryVerify(() => sandbox.storedSession() === "", 10000) // every part removed
    }

    Component {
        id: signalSpyComponent
        SignalSpy {}
    }
}
