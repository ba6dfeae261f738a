// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import WeChatLogin

ApplicationWindow {
    id: window
    width: 360
    height: 420
    visible: true
    title: qsTr("WeChatLogin for Qt Quick")

    required property string projectUrl
    required property string anonKey
    required property string trustedHost // "" unless a sandbox's WeChat origin

    SessionManager {
        id: sessions
        projectUrl: window.projectUrl
        anonKey: window.anonKey
        trustedHosts: window.trustedHost ? [window.trustedHost] : []
        Component.onCompleted: restore()
        onSignedIn: (session) => console.info("signed in as", session.nickname)
        onSignedOut: (reason, message) => status.text = message
    }

    // The QR dialog in its own process: this app never loads QtWebEngine.
    LoginProcess {
        id: dialog
        sessionManager: sessions
        onFailed: (message, kind) => status.text = kind === "Cancelled" ? "" : message
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 16

        Image {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 96
            Layout.preferredHeight: 96
            visible: sessions.signedIn
            source: sessions.signedIn ? sessions.session.avatarUrl : ""
            fillMode: Image.PreserveAspectFit
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: 20
            wrapMode: Text.Wrap
            text: sessions.signedIn ? sessions.session.nickname
                  : sessions.state === SessionManager.SignedOut ? qsTr("Not signed in")
                  : qsTr("…")
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            visible: sessions.signedIn
            text: sessions.signedIn
                  ? qsTr("Token valid until %1, renewed by itself").arg(sessions.session.expiresAt.toLocaleTimeString(Qt.locale(), Locale.ShortFormat))
                  : ""
        }
        Button {
            Layout.alignment: Qt.AlignHCenter
            visible: sessions.state === SessionManager.SignedOut
            text: qsTr("Sign in with WeChat")
            onHoveredChanged: if (hovered) dialog.prestart() // the QR ready before the click
            onClicked: dialog.open()
        }
        Button {
            Layout.alignment: Qt.AlignHCenter
            visible: sessions.signedIn
            text: qsTr("Sign out")
            onClicked: sessions.signOut("local")
        }
        Label {
            id: status
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            color: "firebrick"
        }
        Item { Layout.fillHeight: true }
    }
}
