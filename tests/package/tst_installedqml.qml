// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Run by `dev.sh test` (CI) with the .deb installed: `import WeChatLogin` finds the module
// in Qt's own QML directory, with no import path given.
//   qmltestrunner -input tests/package/tst_installedqml.qml

import QtTest
import WeChatLogin

TestCase {
    name: "InstalledModule"

    SessionManager {
        id: sessions
        projectUrl: "https://example.baseapi.memfiredb.com"
        anonKey: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl"
    }

    BrowserSignIn {
        id: browserSignIn
        sessionManager: sessions
    }

    function test_typesLoad() {
        compare(sessions.state, SessionManager.Unknown)
        compare(sessions.errorString, "")
        verify(!sessions.signedIn)
        compare(browserSignIn.state, BrowserSignIn.Idle)
    }
}
