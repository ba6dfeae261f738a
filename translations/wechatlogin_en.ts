<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>WeChatLogin::AuthConfig</name>
    <message>
        <source>the project URL is not set</source>
        <translation>the project URL is not set</translation>
    </message>
    <message>
        <source>the project URL "%1" is not an absolute http(s) URL</source>
        <translation>the project URL "%1" is not an absolute http(s) URL</translation>
    </message>
    <message>
        <source>the project URL must use https:// (plain http is allowed only for loopback addresses)</source>
        <translation>the project URL must use https:// (plain http is allowed only for loopback addresses)</translation>
    </message>
    <message>
        <source>the project URL must not have a query or fragment</source>
        <translation>the project URL must not have a query or fragment</translation>
    </message>
    <message>
        <source>the anon key is not set</source>
        <translation>the anon key is not set</translation>
    </message>
    <message>
        <source>the anon key is a secret key; a desktop app must use the anon (publishable) key</source>
        <translation>the anon key is a secret key; a desktop app must use the anon (publishable) key</translation>
    </message>
    <message>
        <source>the anon key is neither a JWT nor an sb_publishable_ key</source>
        <translation>the anon key is neither a JWT nor an sb_publishable_ key</translation>
    </message>
    <message>
        <source>the anon key is the service_role key; never ship it in a desktop app</source>
        <translation>the anon key is the service_role key; never ship it in a desktop app</translation>
    </message>
    <message>
        <source>the provider "%1" is not a provider name</source>
        <translation>the provider "%1" is not a provider name</translation>
    </message>
    <message>
        <source>the redirect URL "%1" is not an absolute URL</source>
        <translation>the redirect URL "%1" is not an absolute URL</translation>
    </message>
    <message>
        <source>the request timeout must be positive</source>
        <translation>the request timeout must be positive</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::AuthError</name>
    <message>
        <source>Cannot reach the sign-in server. Check your network connection and try again.</source>
        <translation>Cannot reach the sign-in server. Check your network connection and try again.</translation>
    </message>
    <message>
        <source>The sign-in server did not answer in time. Check your network and try again.</source>
        <translation>The sign-in server did not answer in time. Check your network and try again.</translation>
    </message>
    <message>
        <source>The server's security certificate could not be verified, so the connection was refused. Check the system date and any proxy, or contact the administrator.</source>
        <translation>The server's security certificate could not be verified, so the connection was refused. Check the system date and any proxy, or contact the administrator.</translation>
    </message>
    <message>
        <source>The sign-in service is temporarily unavailable. Try again in a moment.</source>
        <translation>The sign-in service is temporarily unavailable. Try again in a moment.</translation>
    </message>
    <message>
        <source>Too many attempts in a short time. Wait a moment and try again.</source>
        <translation>Too many attempts in a short time. Wait a moment and try again.</translation>
    </message>
    <message>
        <source>Another sign-in request was in progress. Try again.</source>
        <translation>Another sign-in request was in progress. Try again.</translation>
    </message>
    <message>
        <source>The sign-in server rejected the request. Try again; if it keeps happening, update the application.</source>
        <translation>The sign-in server rejected the request. Try again; if it keeps happening, update the application.</translation>
    </message>
    <message>
        <source>The QR code has expired. Please scan the new code.</source>
        <translation>The QR code has expired. Please scan the new code.</translation>
    </message>
    <message>
        <source>This sign-in could not be verified. Please scan the QR code again.</source>
        <translation>This sign-in could not be verified. Please scan the QR code again.</translation>
    </message>
    <message>
        <source>This sign-in was already used or has expired. Please scan the QR code again.</source>
        <translation>This sign-in was already used or has expired. Please scan the QR code again.</translation>
    </message>
    <message>
        <source>The sign-in page has expired. Please scan the QR code again.</source>
        <translation>The sign-in page has expired. Please scan the QR code again.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Your session has ended. Please sign in again.</translation>
    </message>
    <message>
        <source>Sign-in was refused. The account may be blocked or new sign-ups disabled; contact the administrator.</source>
        <translation>Sign-in was refused. The account may be blocked or new sign-ups disabled; contact the administrator.</translation>
    </message>
    <message>
        <source>WeChat sign-in failed on the server. Please try again.</source>
        <translation>WeChat sign-in failed on the server. Please try again.</translation>
    </message>
    <message>
        <source>The sign-in settings are invalid: %1</source>
        <translation>The sign-in settings are invalid: %1</translation>
    </message>
    <message>
        <source>The sign-in server sent an answer this application does not understand.</source>
        <translation>The sign-in server sent an answer this application does not understand.</translation>
    </message>
    <message>
        <source>No system keychain is available, so you will stay signed in only until the application closes.</source>
        <translation>No system keychain is available, so you will stay signed in only until the application closes.</translation>
    </message>
    <message>
        <source>The system keychain refused to store or read the session.</source>
        <translation>The system keychain refused to store or read the session.</translation>
    </message>
    <message>
        <source>The saved session could not be read. Please sign in again.</source>
        <translation>The saved session could not be read. Please sign in again.</translation>
    </message>
    <message>
        <source>Sign-in was cancelled.</source>
        <translation>Sign-in was cancelled.</translation>
    </message>
    <message>
        <source>Sign-in failed. Please try again.</source>
        <translation>Sign-in failed. Please try again.</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::LoginDialog</name>
    <message>
        <source>Sign in with WeChat</source>
        <translation>Sign in with WeChat</translation>
    </message>
    <message>
        <source>Scan with WeChat to sign in</source>
        <translation>Scan with WeChat to sign in</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel the sign-in</source>
        <translation>Cancel the sign-in</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::LoginWidget</name>
    <message>
        <source>Loading the QR code…</source>
        <translation>Loading the QR code…</translation>
    </message>
    <message>
        <source>QR code refreshed. Scan it with WeChat to sign in.</source>
        <translation>QR code refreshed. Scan it with WeChat to sign in.</translation>
    </message>
    <message>
        <source>Scan the QR code with WeChat to sign in.</source>
        <translation>Scan the QR code with WeChat to sign in.</translation>
    </message>
    <message>
        <source>Scanned. Confirm the sign-in in WeChat on your phone.</source>
        <translation>Scanned. Confirm the sign-in in WeChat on your phone.</translation>
    </message>
    <message>
        <source>You cancelled the sign-in on your phone. Scan again to retry.</source>
        <translation>You cancelled the sign-in on your phone. Scan again to retry.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>Signed in.</translation>
    </message>
    <message>
        <source>WeChat QR code</source>
        <translation>WeChat QR code</translation>
    </message>
    <message>
        <source>Scan this QR code with WeChat on your phone.</source>
        <translation>Scan this QR code with WeChat on your phone.</translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation>Sign-in status</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <source>Retry the sign-in</source>
        <translation>Retry the sign-in</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Show technical details</source>
        <translation>Show technical details</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>Technical details</translation>
    </message>
    <message>
        <source>Sign-in progress</source>
        <translation>Sign-in progress</translation>
    </message>
    <message>
        <source>The sign-in page did not show a QR code.</source>
        <translation>The sign-in page did not show a QR code.</translation>
    </message>
    <message>
        <source>Check the project URL and that the WeChat provider is enabled in MemFire.</source>
        <translation>Check the project URL and that the WeChat provider is enabled in MemFire.</translation>
    </message>
    <message>
        <source>The sign-in page could not be loaded.</source>
        <translation>The sign-in page could not be loaded.</translation>
    </message>
    <message>
        <source>Check your internet connection, then retry.</source>
        <translation>Check your internet connection, then retry.</translation>
    </message>
    <message>
        <source>Retry to get a new QR code.</source>
        <translation>Retry to get a new QR code.</translation>
    </message>
    <message>
        <source>The connection is not secure: its certificate was refused.</source>
        <translation>The connection is not secure: its certificate was refused.</translation>
    </message>
    <message>
        <source>WeChat refused the callback address. In the WeChat Open Platform, set the website app's 授权回调域 (authorization callback domain) to the domain of your MemFire project.</source>
        <translation>WeChat refused the callback address. In the WeChat Open Platform, set the website app's 授权回调域 (authorization callback domain) to the domain of your MemFire project.</translation>
    </message>
    <message>
        <source>The AppID is not an approved WeChat website application (网站应用) with the snsapi_login scope. Check the WeChat provider's AppID in MemFire.</source>
        <translation>The AppID is not an approved WeChat website application (网站应用) with the snsapi_login scope. Check the WeChat provider's AppID in MemFire.</translation>
    </message>
    <message>
        <source>WeChat does not know this AppID. Check the WeChat provider's AppID in MemFire.</source>
        <translation>WeChat does not know this AppID. Check the WeChat provider's AppID in MemFire.</translation>
    </message>
    <message>
        <source>WeChat refused the sign-in request.</source>
        <translation>WeChat refused the sign-in request.</translation>
    </message>
    <message>
        <source>WeChat cannot show a QR code: %1</source>
        <translation>WeChat cannot show a QR code: %1</translation>
    </message>
    <message>
        <source>The sign-in did not come back to this app.</source>
        <translation>The sign-in did not come back to this app.</translation>
    </message>
    <message>
        <source>MemFire sent the browser to %1 instead of %2: add %2 to the 重定向URL列表 (redirect URLs) of your MemFire project's authentication settings.</source>
        <translation>MemFire sent the browser to %1 instead of %2: add %2 to the 重定向URL列表 (redirect URLs) of your MemFire project's authentication settings.</translation>
    </message>
    <message>
        <source>The QR code did not load in time.</source>
        <translation>The QR code did not load in time.</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SessionManager</name>
    <message>
        <source>Signed out on this device, but the server could not be told: %1</source>
        <translation>Signed out on this device, but the server could not be told: %1</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>You signed out.</translation>
    </message>
    <message>
        <source>Your sign-in was revoked, for example by signing out on all devices. Please sign in again.</source>
        <translation>Your sign-in was revoked, for example by signing out on all devices. Please sign in again.</translation>
    </message>
    <message>
        <source>Your session has ended on the server. Please sign in again.</source>
        <translation>Your session has ended on the server. Please sign in again.</translation>
    </message>
    <message>
        <source>This account is no longer allowed to sign in.</source>
        <translation>This account is no longer allowed to sign in.</translation>
    </message>
    <message>
        <source>You signed out in another window of this app.</source>
        <translation>You signed out in another window of this app.</translation>
    </message>
</context>
</TS>
