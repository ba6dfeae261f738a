// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginProcess in QML: the QR dialog in its own process (the real wechat-login-dialog,
// offscreen here) signs in with the virtual phone and stores the session in the app's
// SessionManager, while the app never maps QtWebEngine; a cancelled dialog is said.

import QtQml
import QtTest
import WeChatLogin

TestCase {
    id: testCase
    name: "LoginProcess"

    SessionManager {
        id: sessions
        projectUrl: sandbox.authUrl
        anonKey: sandbox.anonKey
        redirectUrl: sandbox.authUrl + "/app/callback"
        keychainService: sandbox.keychainService
        trustedHosts: [sandbox.wechatHost]
    }

    LoginProcess {
        id: dialog
        sessionManager: sessions
        program: sandbox.dialogProgram
    }

    SignalSpy { id: qrShown; target: dialog; signalName: "qrShown" }
    SignalSpy { id: signedIn; target: dialog; signalName: "signedIn" }
    SignalSpy { id: failed; target: dialog; signalName: "failed" }

    function initTestCase() {
        sandbox.forget()
    }

    function cleanupTestCase() {
        sandbox.forget()
    }

    function test_1_signsInInItsOwnProcess() {
        compare(dialog.state, LoginProcess.Idle)
        dialog.open()
        tryCompare(qrShown, "count", 1, 60000)
        compare(dialog.state, LoginProcess.Open)
        verify(sandbox.confirmNewestQr())
        tryCompare(signedIn, "count", 1, 30000)
        compare(signedIn.signalArguments[0][0].nickname, "小微同学")
        tryVerify(() => sessions.signedIn, 10000)
        tryVerify(() => sandbox.storedSession() !== "", 10000)
        verify(!sandbox.mapsWebEngine())
        tryCompare(dialog, "state", LoginProcess.Idle, 30000) // the child is gone
    }

    function test_2_cancelIsSaid() {
        dialog.open()
        tryCompare(qrShown, "count", 2, 60000)
        dialog.cancel()
        tryCompare(failed, "count", 1, 30000)
        compare(failed.signalArguments[0][1], "Cancelled")
        tryCompare(dialog, "state", LoginProcess.Idle, 30000)
    }
}
