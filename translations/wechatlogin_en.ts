<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>WeChatLogin::AppConfig</name>
    <message>
        <source>The MemFire project's URL, e.g. https://&lt;ref&gt;.baseapi.memfiredb.com.</source>
        <translation>The MemFire project's URL, e.g. https://&lt;ref&gt;.baseapi.memfiredb.com.</translation>
    </message>
    <message>
        <source>The project's anon key (public; never the service_role key).</source>
        <translation>The project's anon key (public; never the service_role key).</translation>
    </message>
    <message>
        <source>Where the sign-in returns; must be in the project's redirect URL list.</source>
        <translation>Where the sign-in returns; must be in the project's redirect URL list.</translation>
    </message>
    <message>
        <source>The auth provider (default wechat_qr).</source>
        <translation>The auth provider (default wechat_qr).</translation>
    </message>
    <message>
        <source>The interface language: zh_CN or en.</source>
        <translation>The interface language: zh_CN or en.</translation>
    </message>
    <message>
        <source>Another host the login page may navigate to (repeatable).</source>
        <translation>Another host the login page may navigate to (repeatable).</translation>
    </message>
    <message>
        <source>Sandbox mode: the virtual phone scans and confirms each QR after this many milliseconds.</source>
        <translation>Sandbox mode: the virtual phone scans and confirms each QR after this many milliseconds.</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>The settings file %1 cannot be read.</source>
        <translation>The settings file %1 cannot be read.</translation>
    </message>
    <message>
        <source>%1: "%2" is not a supported language; use zh_CN or en.</source>
        <translation>%1: "%2" is not a supported language; use zh_CN or en.</translation>
    </message>
    <message>
        <source>%1: "%2" is not a number of milliseconds between 1 and 600000.</source>
        <translation>%1: "%2" is not a number of milliseconds between 1 and 600000.</translation>
    </message>
    <message>
        <source>%1 is set but no project is configured: set the project's URL and anon key too (--url and --anon-key, WECHAT_LOGIN_URL and WECHAT_LOGIN_ANON_KEY, or %2), or remove it to use the sandbox.</source>
        <translation>%1 is set but no project is configured: set the project's URL and anon key too (--url and --anon-key, WECHAT_LOGIN_URL and WECHAT_LOGIN_ANON_KEY, or %2), or remove it to use the sandbox.</translation>
    </message>
    <message>
        <source>%1 only applies to sandbox mode (nothing configured); a real WeChat account confirms on a real phone.</source>
        <translation>%1 only applies to sandbox mode (nothing configured); a real WeChat account confirms on a real phone.</translation>
    </message>
    <message>
        <source>%1 is set but the project's URL is missing: set --url, WECHAT_LOGIN_URL or url in %2.</source>
        <translation>%1 is set but the project's URL is missing: set --url, WECHAT_LOGIN_URL or url in %2.</translation>
    </message>
    <message>
        <source>%1 is set but the anon key is missing: set --anon-key, WECHAT_LOGIN_ANON_KEY or anon_key in %2 (MemFire: the project's API settings).</source>
        <translation>%1 is set but the anon key is missing: set --anon-key, WECHAT_LOGIN_ANON_KEY or anon_key in %2 (MemFire: the project's API settings).</translation>
    </message>
    <message>
        <source>%1: "%2" is not a URL like https://&lt;ref&gt;.baseapi.memfiredb.com.</source>
        <translation>%1: "%2" is not a URL like https://&lt;ref&gt;.baseapi.memfiredb.com.</translation>
    </message>
    <message>
        <source>%1: "%2" is not an absolute URL.</source>
        <translation>%1: "%2" is not an absolute URL.</translation>
    </message>
    <message>
        <source>The settings could not be written to %1.</source>
        <translation>The settings could not be written to %1.</translation>
    </message>
    <message>
        <source>%1: "%2" is not a host name or IP address with an optional port (HOST, HOST:PORT, [IPv6] or [IPv6]:PORT).</source>
        <translation>%1: "%2" is not a host name or IP address with an optional port (HOST, HOST:PORT, [IPv6] or [IPv6]:PORT).</translation>
    </message>
    <message>
        <source>%1: the project URL must not contain a user name or password; the anon key is the only credential it needs.</source>
        <translation>%1: the project URL must not contain a user name or password; the anon key is the only credential it needs.</translation>
    </message>
    <message>
        <source>The proxy: http://HOST:PORT, socks5://HOST:PORT (user:password@ if it asks), direct, or system (the default: http_proxy, https_proxy, no_proxy).</source>
        <translation>The proxy: http://HOST:PORT, socks5://HOST:PORT (user:password@ if it asks), direct, or system (the default: http_proxy, https_proxy, no_proxy).</translation>
    </message>
    <message>
        <source>More CA certificates (PEM) to trust for the API calls, e.g. a corporate CA.</source>
        <translation>More CA certificates (PEM) to trust for the API calls, e.g. a corporate CA.</translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation>it is not a regular file</translation>
    </message>
    <message>
        <source>it is larger than %1 KiB, which no settings file is</source>
        <translation>it is larger than %1 KiB, which no settings file is</translation>
    </message>
    <message>
        <source>it is not UTF-8 text</source>
        <translation>it is not UTF-8 text</translation>
    </message>
    <message>
        <source>line %1 holds a control character (binary data)</source>
        <translation>line %1 holds a control character (binary data)</translation>
    </message>
    <message>
        <source>line %1 is neither [section] nor key = value</source>
        <translation>line %1 is neither [section] nor key = value</translation>
    </message>
    <message>
        <source>The settings file %1 cannot be used: %2. Correct or remove it.</source>
        <translation>The settings file %1 cannot be used: %2. Correct or remove it.</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::AppContext</name>
    <message>
        <source>The sandbox could not start: %1</source>
        <translation>The sandbox could not start: %1</translation>
    </message>
</context>
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
    <message>
        <source>the project URL must not contain a user name or password</source>
        <translation>the project URL must not contain a user name or password</translation>
    </message>
    <message>
        <source>the redirect URL must not contain a user name or password</source>
        <translation>the redirect URL must not contain a user name or password</translation>
    </message>
    <message>
        <source>the redirect URL "%1" must use https:// (plain http is allowed only for loopback addresses)</source>
        <translation>the redirect URL "%1" must use https:// (plain http is allowed only for loopback addresses)</translation>
    </message>
    <message>
        <source>the redirect URL "%1" must be https://, http:// on a loopback address, or a custom scheme of the app (myapp://callback)</source>
        <translation>the redirect URL "%1" must be https://, http:// on a loopback address, or a custom scheme of the app (myapp://callback)</translation>
    </message>
    <message>
        <source>the redirect URL "%1" has no host</source>
        <translation>the redirect URL "%1" has no host</translation>
    </message>
    <message>
        <source>the trusted host "%1" is not a host name or IP address with an optional port (HOST, HOST:PORT, [IPv6] or [IPv6]:PORT)</source>
        <translation>the trusted host "%1" is not a host name or IP address with an optional port (HOST, HOST:PORT, [IPv6] or [IPv6]:PORT)</translation>
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
    <message>
        <source>The system keychain could not be reached, so the session cannot be read or saved now. Check that the keyring service (gnome-keyring or KWallet) is running; until then you stay signed in only while the application runs.</source>
        <translation>The system keychain could not be reached, so the session cannot be read or saved now. Check that the keyring service (gnome-keyring or KWallet) is running; until then you stay signed in only while the application runs.</translation>
    </message>
    <message>
        <source>The system keychain is locked. Unlock it (log in to the desktop, or open Passwords and Keys) and try again; your sign-in is kept.</source>
        <translation>The system keychain is locked. Unlock it (log in to the desktop, or open Passwords and Keys) and try again; your sign-in is kept.</translation>
    </message>
    <message>
        <source>The proxy asks for a user name and password. Give them in the proxy setting (http://user:password@host:port), or ask your network administrator.</source>
        <translation>The proxy asks for a user name and password. Give them in the proxy setting (http://user:password@host:port), or ask your network administrator.</translation>
    </message>
    <message>
        <source>The proxy could not be used (%1). Check the proxy setting (--proxy, WECHAT_LOGIN_PROXY or the system's) and try again.</source>
        <translation>The proxy could not be used (%1). Check the proxy setting (--proxy, WECHAT_LOGIN_PROXY or the system's) and try again.</translation>
    </message>
    <message>
        <source>The network answered instead of the sign-in server (a captive portal or a proxy's page). Sign in to the network in a browser, then try again.</source>
        <translation>The network answered instead of the sign-in server (a captive portal or a proxy's page). Sign in to the network in a browser, then try again.</translation>
    </message>
    <message>
        <source>Another window or command of this app holds a newer session that the system keychain has not taken yet; it saves it as soon as the keychain answers. Try again in a moment: nothing is lost.</source>
        <translation>Another window or command of this app holds a newer session that the system keychain has not taken yet; it saves it as soon as the keychain answers. Try again in a moment: nothing is lost.</translation>
    </message>
    <message>
        <source>Add http://127.0.0.1:*/** to the project's redirect URL list: MemFire Cloud → 认证 → URL配置 → 重定向URL列表.</source>
        <translation>Add http://127.0.0.1:*/** to the project's redirect URL list: MemFire Cloud → 认证 → URL配置 → 重定向URL列表.</translation>
    </message>
    <message>
        <source>The server will send the browser to %1, not back to this app: its redirect URL list does not take this app's loopback address. %2</source>
        <translation>The server will send the browser to %1, not back to this app: its redirect URL list does not take this app's loopback address. %2</translation>
    </message>
    <message>
        <source>The browser did not come back to this app in time. If it showed another page after you confirmed on the phone: %1</source>
        <translation>The browser did not come back to this app in time. If it showed another page after you confirmed on the phone: %1</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::BrowserPanel</name>
    <message>
        <source>the desktop has no browser to open it with</source>
        <translation>the desktop has no browser to open it with</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>The browser could not be opened (%1). Copy the address below into a browser on this computer.</source>
        <translation>The browser could not be opened (%1). Copy the address below into a browser on this computer.</translation>
    </message>
    <message>
        <source>Sign in with your browser</source>
        <translation>Sign in with your browser</translation>
    </message>
    <message>
        <source>Opens the sign-in in your web browser; useful when the QR does not show here</source>
        <translation>Opens the sign-in in your web browser; useful when the QR does not show here</translation>
    </message>
    <message>
        <source>Waiting for your browser… Sign in there (scan the QR with WeChat), then come back here. If it did not open, copy this address into a browser on this computer:</source>
        <translation>Waiting for your browser… Sign in there (scan the QR with WeChat), then come back here. If it did not open, copy this address into a browser on this computer:</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>Sign-in address</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::BrowserSignIn</name>
    <message>
        <source>there is no graphical session here (no DISPLAY or WAYLAND_DISPLAY) to open a browser in</source>
        <translation>there is no graphical session here (no DISPLAY or WAYLAND_DISPLAY) to open a browser in</translation>
    </message>
    <message>
        <source>xdg-open was not found (Debian and Ubuntu: apt-get install xdg-utils)</source>
        <translation>xdg-open was not found (Debian and Ubuntu: apt-get install xdg-utils)</translation>
    </message>
    <message>
        <source>%1 could not be started (%2)</source>
        <translation>%1 could not be started (%2)</translation>
    </message>
    <message>
        <source>%1 could not open a browser (exit code %2)</source>
        <translation>%1 could not open a browser (exit code %2)</translation>
    </message>
    <message>
        <source>the browser could not be opened</source>
        <translation>the browser could not be opened</translation>
    </message>
    <message>
        <source>You are signed in, but the session could not be saved: %1</source>
        <translation>You are signed in, but the session could not be saved: %1</translation>
    </message>
    <message>
        <source>no loopback port could be opened for the browser to come back to (%1)</source>
        <translation>no loopback port could be opened for the browser to come back to (%1)</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::Doctor</name>
    <message>
        <source>Fix: %1</source>
        <translation>Fix: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found: see "Fix".</source>
        <translation>
            <numerusform>%n problem found: see "Fix".</numerusform>
            <numerusform>%n problems found: see "Fix".</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Everything needed works; %n warning(s).</source>
        <translation>
            <numerusform>Everything needed works; %n warning.</numerusform>
            <numerusform>Everything needed works; %n warnings.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything works.</source>
        <translation>Everything works.</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>command line</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>environment</translation>
    </message>
    <message>
        <source>INI file</source>
        <translation>INI file</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>no answer within %1 s</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>nothing configured: sandbox mode, against the built-in sandbox at %1 (no real WeChat account is involved)</source>
        <translation>nothing configured: sandbox mode, against the built-in sandbox at %1 (no real WeChat account is involved)</translation>
    </message>
    <message>
        <source>project URL %1 (%2)</source>
        <translation>project URL %1 (%2)</translation>
    </message>
    <message>
        <source>anon key set (%1), role %2</source>
        <translation>anon key set (%1), role %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>no redirect URL: GoTrue uses the project's Site URL</source>
        <translation>no redirect URL: GoTrue uses the project's Site URL</translation>
    </message>
    <message>
        <source>redirect URL %1 (%2)</source>
        <translation>redirect URL %1 (%2)</translation>
    </message>
    <message>
        <source>provider %1</source>
        <translation>provider %1</translation>
    </message>
    <message>
        <source>settings file %1</source>
        <translation>settings file %1</translation>
    </message>
    <message>
        <source>Use the project's anon (public) key from MemFire Cloud → 设置 → API.</source>
        <translation>Use the project's anon (public) key from MemFire Cloud → 设置 → API.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>%1 cannot be reached: %2</source>
        <translation>%1 cannot be reached: %2</translation>
    </message>
    <message>
        <source>The server's certificate was refused (this is never overridden): fix the system clock, or install your network's CA certificate in the system store (or pass --ca-file).</source>
        <translation>The server's certificate was refused (this is never overridden): fix the system clock, or install your network's CA certificate in the system store (or pass --ca-file).</translation>
    </message>
    <message>
        <source>Check the network connection, the proxy (see below) and --url.</source>
        <translation>Check the network connection, the proxy (see below) and --url.</translation>
    </message>
    <message>
        <source>%1 answered with a redirect to %2 instead of GoTrue's settings: a captive portal (a network's sign-in page) or a proxy is in the way, or the URL is not the project's</source>
        <translation>%1 answered with a redirect to %2 instead of GoTrue's settings: a captive portal (a network's sign-in page) or a proxy is in the way, or the URL is not the project's</translation>
    </message>
    <message>
        <source>Sign in to the network in a browser first, or correct --url (https://&lt;ref&gt;.baseapi.memfiredb.com).</source>
        <translation>Sign in to the network in a browser first, or correct --url (https://&lt;ref&gt;.baseapi.memfiredb.com).</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2 with an HTML page where GoTrue answers JSON: a captive portal, a proxy's page or a wrong URL</source>
        <translation>%1 answered HTTP %2 with an HTML page where GoTrue answers JSON: a captive portal, a proxy's page or a wrong URL</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2, not GoTrue's settings</source>
        <translation>%1 answered HTTP %2, not GoTrue's settings</translation>
    </message>
    <message>
        <source>Check the anon key (MemFire Cloud → 设置 → API).</source>
        <translation>Check the anon key (MemFire Cloud → 设置 → API).</translation>
    </message>
    <message>
        <source>Check --url: it is the project URL, https://&lt;ref&gt;.baseapi.memfiredb.com, without /auth/v1.</source>
        <translation>Check --url: it is the project URL, https://&lt;ref&gt;.baseapi.memfiredb.com, without /auth/v1.</translation>
    </message>
    <message>
        <source>GoTrue answers at %1, but the provider %2 is not enabled</source>
        <translation>GoTrue answers at %1, but the provider %2 is not enabled</translation>
    </message>
    <message>
        <source>MemFire Cloud → 认证 → 服务商: enable 微信扫码 (%1) with the WeChat website app's AppID and AppSecret.</source>
        <translation>MemFire Cloud → 认证 → 服务商: enable 微信扫码 (%1) with the WeChat website app's AppID and AppSecret.</translation>
    </message>
    <message>
        <source>GoTrue answers at %1 and %2 (WeChat QR sign-in) is enabled</source>
        <translation>GoTrue answers at %1 and %2 (WeChat QR sign-in) is enabled</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Clock</translation>
    </message>
    <message>
        <source>the server's time is unknown (no Date header)</source>
        <translation>the server's time is unknown (no Date header)</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>within %1 of the server's</source>
        <translation>within %1 of the server's</translation>
    </message>
    <message>
        <source>Turn on automatic time (NTP), e.g. timedatectl set-ntp true; on a PC that also runs Windows, check that the hardware clock keeps UTC.</source>
        <translation>Turn on automatic time (NTP), e.g. timedatectl set-ntp true; on a PC that also runs Windows, check that the hardware clock keeps UTC.</translation>
    </message>
    <message>
        <source>Redirect URL</source>
        <translation>Redirect URL</translation>
    </message>
    <message>
        <source>not checked: the server check failed</source>
        <translation>not checked: the server check failed</translation>
    </message>
    <message>
        <source>GoTrue did not start a sign-in (/authorize answered HTTP %1: %2)</source>
        <translation>GoTrue did not start a sign-in (/authorize answered HTTP %1: %2)</translation>
    </message>
    <message>
        <source>Check the provider settings in MemFire Cloud → 认证 → 服务商 (微信扫码).</source>
        <translation>Check the provider settings in MemFire Cloud → 认证 → 服务商 (微信扫码).</translation>
    </message>
    <message>
        <source>GoTrue's callback answered HTTP %1 without sending the browser anywhere; the redirect URL could not be checked</source>
        <translation>GoTrue's callback answered HTTP %1 without sending the browser anywhere; the redirect URL could not be checked</translation>
    </message>
    <message>
        <source>no redirect URL set: GoTrue sends the browser to the Site URL, %1, which the app recognises</source>
        <translation>no redirect URL set: GoTrue sends the browser to the Site URL, %1, which the app recognises</translation>
    </message>
    <message>
        <source>%1 is in the project's redirect URL list (重定向URL列表)</source>
        <translation>%1 is in the project's redirect URL list (重定向URL列表)</translation>
    </message>
    <message>
        <source>GoTrue sent the browser to %1, not to %2: the redirect URL is not in the project's redirect URL list, so GoTrue silently falls back to the Site URL (网站URL) and the sign-in never comes back to this app</source>
        <translation>GoTrue sent the browser to %1, not to %2: the redirect URL is not in the project's redirect URL list, so GoTrue silently falls back to the Site URL (网站URL) and the sign-in never comes back to this app</translation>
    </message>
    <message>
        <source>MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 exactly (or set --redirect-to to an entry of the list).</source>
        <translation>MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 exactly (or set --redirect-to to an entry of the list).</translation>
    </message>
    <message>
        <source>no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)</source>
        <translation>no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)</translation>
    </message>
    <message>
        <source>no Secret Service (gnome-keyring, KWallet or KeePassXC) on the session bus</source>
        <translation>no Secret Service (gnome-keyring, KWallet or KeePassXC) on the session bus</translation>
    </message>
    <message>
        <source>the Secret Service does not answer (a stopped or hung daemon)</source>
        <translation>the Secret Service does not answer (a stopped or hung daemon)</translation>
    </message>
    <message>
        <source>the Secret Service</source>
        <translation>the Secret Service</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>the system keychain</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Keychain</translation>
    </message>
    <message>
        <source>Install and start gnome-keyring (apt-get install gnome-keyring) or KWallet, and log in to a desktop session that unlocks it.</source>
        <translation>Install and start gnome-keyring (apt-get install gnome-keyring) or KWallet, and log in to a desktop session that unlocks it.</translation>
    </message>
    <message>
        <source>%1 (Secret Service): the default collection is locked, so the session can be neither read nor saved</source>
        <translation>%1 (Secret Service): the default collection is locked, so the session can be neither read nor saved</translation>
    </message>
    <message>
        <source>Unlock it: log in to the desktop, open Passwords and Keys (seahorse), or run: gnome-keyring-daemon --unlock.</source>
        <translation>Unlock it: log in to the desktop, open Passwords and Keys (seahorse), or run: gnome-keyring-daemon --unlock.</translation>
    </message>
    <message>
        <source>%1 (Secret Service): %2</source>
        <translation>%1 (Secret Service): %2</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>no answer in time</translation>
    </message>
    <message>
        <source>Restart the keyring daemon, or log out and in again.</source>
        <translation>Restart the keyring daemon, or log out and in again.</translation>
    </message>
    <message>
        <source>%1 (Secret Service), unlocked; signed in as %2</source>
        <translation>%1 (Secret Service), unlocked; signed in as %2</translation>
    </message>
    <message>
        <source>%1 (Secret Service), unlocked; nobody is signed in yet</source>
        <translation>%1 (Secret Service), unlocked; nobody is signed in yet</translation>
    </message>
    <message>
        <source>Sign in again (wechat-login sign-in); it replaces the unreadable entry.</source>
        <translation>Sign in again (wechat-login sign-in); it replaces the unreadable entry.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Sign-in page</source>
        <translation>Sign-in page</translation>
    </message>
    <message>
        <source>not checked in this process</source>
        <translation>not checked in this process</translation>
    </message>
    <message>
        <source>running as root: Chromium's sandbox cannot start, so the sign-in page cannot load</source>
        <translation>running as root: Chromium's sandbox cannot start, so the sign-in page cannot load</translation>
    </message>
    <message>
        <source>Run wechat-login as a normal user (or, for a throwaway test machine only, set QTWEBENGINE_DISABLE_SANDBOX=1).</source>
        <translation>Run wechat-login as a normal user (or, for a throwaway test machine only, set QTWEBENGINE_DISABLE_SANDBOX=1).</translation>
    </message>
    <message>
        <source>Reinstall wechat-login.</source>
        <translation>Reinstall wechat-login.</translation>
    </message>
    <message>
        <source>%1; the page was not loaded: the server check failed</source>
        <translation>%1; the page was not loaded: the server check failed</translation>
    </message>
    <message>
        <source>%1 loaded WeChat's QR page from %2 (nothing was signed in)</source>
        <translation>%1 loaded WeChat's QR page from %2 (nothing was signed in)</translation>
    </message>
    <message>
        <source>%1 could not show the QR page: %2</source>
        <translation>%1 could not show the QR page: %2</translation>
    </message>
    <message>
        <source>The sign-in page trusts the certificates of the system's NSS store: for a corporate CA, certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n corp -i ca.pem (package libnss3-tools). Otherwise check the network and the proxy.</source>
        <translation>The sign-in page trusts the certificates of the system's NSS store: for a corporate CA, certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n corp -i ca.pem (package libnss3-tools). Otherwise check the network and the proxy.</translation>
    </message>
    <message>
        <source>this machine's clock is %1 ahead of the server's. Sessions still work (their expiry is judged on this machine's clock from the lifetime the server gives), but certificates may be refused and times shown elsewhere are off.</source>
        <translation>this machine's clock is %1 ahead of the server's. Sessions still work (their expiry is judged on this machine's clock from the lifetime the server gives), but certificates may be refused and times shown elsewhere are off.</translation>
    </message>
    <message>
        <source>this machine's clock is %1 behind the server's. Sessions still work (their expiry is judged on this machine's clock from the lifetime the server gives), but certificates may be refused and times shown elsewhere are off.</source>
        <translation>this machine's clock is %1 behind the server's. Sessions still work (their expiry is judged on this machine's clock from the lifetime the server gives), but certificates may be refused and times shown elsewhere are off.</translation>
    </message>
    <message>
        <source>%1: a sign-in would last only while the app runs</source>
        <translation>%1: a sign-in would last only while the app runs</translation>
    </message>
    <message>
        <source>%1 (Secret Service), unlocked; the saved session cannot be read</source>
        <translation>%1 (Secret Service), unlocked; the saved session cannot be read</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a check's title and what it found</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between the parts of a check's detail</comment>
        <translation>; </translation>
    </message>
    <message>
        <source>CA file %1 (%2 certificates, %3)</source>
        <translation>CA file %1 (%2 certificates, %3)</translation>
    </message>
    <message>
        <source>the proxy asks for a user name and password</source>
        <translation>the proxy asks for a user name and password</translation>
    </message>
    <message>
        <source>the proxy could not be used: %1</source>
        <translation>the proxy could not be used: %1</translation>
    </message>
    <message>
        <source>Give them in the proxy setting: http://user:password@host:port.</source>
        <translation>Give them in the proxy setting: http://user:password@host:port.</translation>
    </message>
    <message>
        <source>Check the proxy setting (--proxy, WECHAT_LOGIN_PROXY or the system's).</source>
        <translation>Check the proxy setting (--proxy, WECHAT_LOGIN_PROXY or the system's).</translation>
    </message>
    <message>
        <source>%1 cannot be reached: %2; the system reports a captive portal (the network's sign-in page)</source>
        <translation>%1 cannot be reached: %2; the system reports a captive portal (the network's sign-in page)</translation>
    </message>
    <message>
        <source>Sign in to the network in a browser first.</source>
        <translation>Sign in to the network in a browser first.</translation>
    </message>
    <message>
        <source>none: direct connections, as set (%1)</source>
        <translation>none: direct connections, as set (%1)</translation>
    </message>
    <message>
        <source>the system settings: http_proxy, https_proxy, no_proxy</source>
        <translation>the system settings: http_proxy, https_proxy, no_proxy</translation>
    </message>
    <message>
        <source>none: direct connections to %1 (%2)</source>
        <translation>none: direct connections to %1 (%2)</translation>
    </message>
    <message>
        <source>%1 for %2 and the sign-in page (%3)</source>
        <translation>%1 for %2 and the sign-in page (%3)</translation>
    </message>
    <message>
        <source>%1 for %2 and the sign-in page (%3); neither Qt nor the sign-in page (Chromium) sends loopback addresses through a proxy</source>
        <translation>%1 for %2 and the sign-in page (%3); neither Qt nor the sign-in page (Chromium) sends loopback addresses through a proxy</translation>
    </message>
    <message>
        <source>%1 answered with more than %2 KiB and did not stop: not GoTrue (a captive portal, a proxy, or a wrong URL)</source>
        <translation>%1 answered with more than %2 KiB and did not stop: not GoTrue (a captive portal, a proxy, or a wrong URL)</translation>
    </message>
    <message>
        <source>Browser sign-in (loopback redirect)</source>
        <translation>Browser sign-in (loopback redirect)</translation>
    </message>
    <message>
        <source>GoTrue sends the browser back to a loopback address (%1): "wechat-login sign-in --browser" works</source>
        <translation>GoTrue sends the browser back to a loopback address (%1): "wechat-login sign-in --browser" works</translation>
    </message>
    <message>
        <source>GoTrue sent the browser to %1, not back to the loopback address %2: the sign-in in the system browser (sign-in --browser, BrowserSignIn) cannot come back to the app; the dialog is not affected</source>
        <translation>GoTrue sent the browser to %1, not back to the loopback address %2: the sign-in in the system browser (sign-in --browser, BrowserSignIn) cannot come back to the app; the dialog is not affected</translation>
    </message>
    <message>
        <source>MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 (any port of 127.0.0.1).</source>
        <translation>MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 (any port of 127.0.0.1).</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::ErrorPanel</name>
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
</context>
<context>
    <name>WeChatLogin::Internal::BrowserPage</name>
    <message>
        <source>Signed in</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>Sign-in failed</translation>
    </message>
    <message>
        <source>Not this sign-in</source>
        <translation>Not this sign-in</translation>
    </message>
    <message>
        <source>This sign-in is already done</source>
        <translation>This sign-in is already done</translation>
    </message>
    <message>
        <source>Nothing here</source>
        <translation>Nothing here</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>Not supported</translation>
    </message>
    <message>
        <source>Wrong address</source>
        <translation>Wrong address</translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation>Request too large</translation>
    </message>
    <message>
        <source>the app</source>
        <translation>the app</translation>
    </message>
    <message>
        <source>You are signed in to %1.</source>
        <translation>You are signed in to %1.</translation>
    </message>
    <message>
        <source>You can close this tab and go back to %1.</source>
        <translation>You can close this tab and go back to %1.</translation>
    </message>
    <message>
        <source>%1 could not sign you in.</source>
        <translation>%1 could not sign you in.</translation>
    </message>
    <message>
        <source>Close this tab, go back to %1 and try again.</source>
        <translation>Close this tab, go back to %1 and try again.</translation>
    </message>
    <message>
        <source>This address does not belong to the sign-in %1 is waiting for.</source>
        <translation>This address does not belong to the sign-in %1 is waiting for.</translation>
    </message>
    <message>
        <source>Start the sign-in again from %1.</source>
        <translation>Start the sign-in again from %1.</translation>
    </message>
    <message>
        <source>%1 has already received this sign-in.</source>
        <translation>%1 has already received this sign-in.</translation>
    </message>
    <message>
        <source>You can close this tab.</source>
        <translation>You can close this tab.</translation>
    </message>
    <message>
        <source>%1 only answers its own sign-in here.</source>
        <translation>%1 only answers its own sign-in here.</translation>
    </message>
    <message>
        <source>en</source>
        <comment>the HTML lang attribute of the browser sign-in's pages: this translation's language code</comment>
        <translation>en</translation>
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
    <name>WeChatLogin::LoginProcess</name>
    <message>
        <source>The sign-in window is not installed (wechat-login-dialog was not found).</source>
        <translation>The sign-in window is not installed (wechat-login-dialog was not found).</translation>
    </message>
    <message>
        <source>The sign-in window could not be started: %1</source>
        <translation>The sign-in window could not be started: %1</translation>
    </message>
    <message>
        <source>The sign-in window stopped unexpectedly (%1).</source>
        <translation>The sign-in window stopped unexpectedly (%1).</translation>
    </message>
    <message>
        <source>it crashed</source>
        <translation>it crashed</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>exit code %1</translation>
    </message>
    <message>
        <source>The sign-in window's program must be given as an absolute path, not "%1".</source>
        <translation>The sign-in window's program must be given as an absolute path, not "%1".</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::LoginProcessChild</name>
    <message>
        <source>wechat-login-dialog is started by a program signing in (LoginProcess), not by hand.</source>
        <translation>wechat-login-dialog is started by a program signing in (LoginProcess), not by hand.</translation>
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
    <message>
        <source>Refreshing the QR code…</source>
        <translation>Refreshing the QR code…</translation>
    </message>
    <message>
        <source>That QR code has expired. Scan the new one.</source>
        <translation>That QR code has expired. Scan the new one.</translation>
    </message>
    <message>
        <source>The QR code has expired. Click it, or press Enter, for a new one.</source>
        <translation>The QR code has expired. Click it, or press Enter, for a new one.</translation>
    </message>
    <message>
        <source>WECHAT_PAGE_LANG</source>
        <comment>lang= of WeChat's QR page: cn or en</comment>
        <translation>en</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::MainWindow</name>
    <message>
        <source>About WeChatLogin</source>
        <translation>About WeChatLogin</translation>
    </message>
    <message>
        <source>&lt;b&gt;WeChatLogin %1&lt;/b&gt;&lt;p&gt;Sign in to desktop apps by scanning a WeChat QR code, through MemFire Cloud Auth.&lt;/p&gt;</source>
        <translation>&lt;b&gt;WeChatLogin %1&lt;/b&gt;&lt;p&gt;Sign in to desktop apps by scanning a WeChat QR code, through MemFire Cloud Auth.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>WeChatLogin (sandbox)</source>
        <translation>WeChatLogin (sandbox)</translation>
    </message>
    <message>
        <source>WeChatLogin</source>
        <translation>WeChatLogin</translation>
    </message>
    <message>
        <source>Restoring your session…</source>
        <translation>Restoring your session…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About WeChatLogin</source>
        <translation>&amp;About WeChatLogin</translation>
    </message>
    <message>
        <source>Signed out here, but the other devices could not be signed out: %1</source>
        <translation>Signed out here, but the other devices could not be signed out: %1</translation>
    </message>
    <message>
        <source>Signed out here; the server could not be told: %1</source>
        <translation>Signed out here; the server could not be told: %1</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::NetworkSettings</name>
    <message>
        <source>"%1" is not a proxy: use http://HOST:PORT, socks5://HOST:PORT, direct or system.</source>
        <translation>"%1" is not a proxy: use http://HOST:PORT, socks5://HOST:PORT, direct or system.</translation>
    </message>
    <message>
        <source>the proxy %1 has no port: use %2://HOST:PORT.</source>
        <translation>the proxy %1 has no port: use %2://HOST:PORT.</translation>
    </message>
    <message>
        <source>the proxy %1 has a path; a proxy is only HOST:PORT.</source>
        <translation>the proxy %1 has a path; a proxy is only HOST:PORT.</translation>
    </message>
    <message>
        <source>the CA file %1 cannot be read: %2</source>
        <translation>the CA file %1 cannot be read: %2</translation>
    </message>
    <message>
        <source>the CA file %1 holds no certificate (PEM or DER).</source>
        <translation>the CA file %1 holds no certificate (PEM or DER).</translation>
    </message>
    <message>
        <source>the CA file %1 is not a regular file (a directory, a device or a pipe).</source>
        <translation>the CA file %1 is not a regular file (a directory, a device or a pipe).</translation>
    </message>
    <message>
        <source>the CA file %1 is larger than %2 MiB, which no CA bundle is.</source>
        <translation>the CA file %1 is larger than %2 MiB, which no CA bundle is.</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::ProxyDialog</name>
    <message>
        <source>Proxy sign-in</source>
        <translation>Proxy sign-in</translation>
    </message>
    <message>
        <source>The proxy %1 asks for a user name and password. They are kept until the app quits, never stored.</source>
        <translation>The proxy %1 asks for a user name and password. They are kept until the app quits, never stored.</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Sign in to the proxy</source>
        <translation>Sign in to the proxy</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::QrOverlay</name>
    <message>
        <source>Scanned. Confirm on your phone.</source>
        <translation>Scanned. Confirm on your phone.</translation>
    </message>
    <message>
        <source>The QR code has expired.</source>
        <translation>The QR code has expired.</translation>
    </message>
    <message>
        <source>Click to refresh</source>
        <translation>Click to refresh</translation>
    </message>
    <message>
        <source>Get a new QR code</source>
        <translation>Get a new QR code</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Scanned</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expired</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::Sandbox</name>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>Cannot listen on %1 port %2: %3</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unknown error</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SandboxBanner</name>
    <message>
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt;: a local stand-in for MemFire and WeChat; no real account is used. Scan with the virtual phone, or let this window play it.</source>
        <translation>&lt;b&gt;Sandbox mode&lt;/b&gt;: a local stand-in for MemFire and WeChat; no real account is used. Scan with the virtual phone, or let this window play it.</translation>
    </message>
    <message>
        <source>Play the phone: scan and confirm</source>
        <translation>Play the phone: scan and confirm</translation>
    </message>
    <message>
        <source>Virtual phone: open the sign-in first</source>
        <translation>Virtual phone: open the sign-in first</translation>
    </message>
    <message>
        <source>Open the virtual phone</source>
        <translation>Open the virtual phone</translation>
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
    <message>
        <source>The saved sign-in could not be read. Please sign in again.</source>
        <translation>The saved sign-in could not be read. Please sign in again.</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Project &amp;URL:</source>
        <translation>Project &amp;URL:</translation>
    </message>
    <message>
        <source>empty: the built-in sandbox</source>
        <translation>empty: the built-in sandbox</translation>
    </message>
    <message>
        <source>&amp;Anon key:</source>
        <translation>&amp;Anon key:</translation>
    </message>
    <message>
        <source>&amp;Redirect URL:</source>
        <translation>&amp;Redirect URL:</translation>
    </message>
    <message>
        <source>empty: the project's Site URL</source>
        <translation>empty: the project's Site URL</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Provider:</translation>
    </message>
    <message>
        <source>&amp;Trusted hosts:</source>
        <translation>&amp;Trusted hosts:</translation>
    </message>
    <message>
        <source>extra HOST[:PORT], comma separated</source>
        <translation>extra HOST[:PORT], comma separated</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Saved to %1. Connection changes apply the next time wechat-login starts; the language applies now.</source>
        <translation>Saved to %1. Connection changes apply the next time wechat-login starts; the language applies now.</translation>
    </message>
    <message>
        <source>The command line or environment currently overrides: %1.</source>
        <translation>The command line or environment currently overrides: %1.</translation>
    </message>
    <message>
        <source>Set the project URL and anon key too, or clear the redirect URL and provider to use the sandbox.</source>
        <translation>Set the project URL and anon key too, or clear the redirect URL and provider to use the sandbox.</translation>
    </message>
    <message>
        <source>Project URL: required when an anon key is set.</source>
        <translation>Project URL: required when an anon key is set.</translation>
    </message>
    <message>
        <source>Anon key: required when a project URL is set.</source>
        <translation>Anon key: required when a project URL is set.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SignInHelper</name>
    <message>
        <source>%1 is started by the wechat-login window, not by hand.</source>
        <translation>%1 is started by the wechat-login window, not by hand.</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SignInLoader</name>
    <message>
        <source>The sign-in component (libwechat-login-signin.so) could not be loaded; reinstall wechat-login. Looked in: %1</source>
        <translation>The sign-in component (libwechat-login-signin.so) could not be loaded; reinstall wechat-login. Looked in: %1</translation>
    </message>
    <message>
        <source>The sandbox component (libwechat-login-sandboxhost.so) could not be loaded; reinstall wechat-login. Looked in: %1</source>
        <translation>The sandbox component (libwechat-login-sandboxhost.so) could not be loaded; reinstall wechat-login. Looked in: %1</translation>
    </message>
    <message>
        <source>The window component (libwechat-login-window.so) could not be loaded; reinstall wechat-login. Looked in: %1</source>
        <translation>The window component (libwechat-login-window.so) could not be loaded; reinstall wechat-login. Looked in: %1</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SignedInPage</name>
    <message>
        <source>(no nickname)</source>
        <translation>(no nickname)</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>the system keychain</translation>
    </message>
    <message>
        <source>memory only for now, saved as soon as the keychain allows: %1</source>
        <translation>memory only for now, saved as soon as the keychain allows: %1</translation>
    </message>
    <message>
        <source>Offline: the server cannot be reached. You stay signed in; the token is refreshed as soon as it can be.</source>
        <translation>Offline: the server cannot be reached. You stay signed in; the token is refreshed as soon as it can be.</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>not scheduled</translation>
    </message>
    <message numerus="yes">
        <source>%1 (in %n minute(s))</source>
        <translation>
            <numerusform>%1 (in %n minute)</numerusform>
            <numerusform>%1 (in %n minutes)</numerusform>
        </translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>Provider:</translation>
    </message>
    <message>
        <source>User ID:</source>
        <translation>User ID:</translation>
    </message>
    <message>
        <source>Next token refresh:</source>
        <translation>Next token refresh:</translation>
    </message>
    <message>
        <source>Stored in:</source>
        <translation>Stored in:</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Sign out on this device</source>
        <translation>Sign out on this device</translation>
    </message>
    <message>
        <source>Sign out everywhere</source>
        <translation>Sign out everywhere</translation>
    </message>
    <message>
        <source>Sign out on every device</source>
        <translation>Sign out on every device</translation>
    </message>
    <message>
        <source>Profile picture</source>
        <translation>Profile picture</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::StartPage</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Scan a QR code with WeChat on your phone and confirm. You stay signed in on this computer until you sign out.</source>
        <translation>Scan a QR code with WeChat on your phone and confirm. You stay signed in on this computer until you sign out.</translation>
    </message>
    <message>
        <source>Sign in with WeChat</source>
        <translation>Sign in with WeChat</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::TerminalQr</name>
    <message>
        <source>The terminal is too small for the QR code: it needs at least %1 columns and %2 rows, and has %3 x %4. Enlarge the window (or make the font smaller).</source>
        <translation>The terminal is too small for the QR code: it needs at least %1 columns and %2 rows, and has %3 x %4. Enlarge the window (or make the font smaller).</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::TerminalSignIn</name>
    <message>
        <source>Sandbox mode: play the phone at %1</source>
        <translation>Sandbox mode: play the phone at %1</translation>
    </message>
    <message>
        <source>sign-in --terminal draws the QR code on a terminal, and standard output is not one. Use --json for the QR code's text.</source>
        <translation>sign-in --terminal draws the QR code on a terminal, and standard output is not one. Use --json for the QR code's text.</translation>
    </message>
    <message>
        <source>Signed in, but the session could not be stored.</source>
        <translation>Signed in, but the session could not be stored.</translation>
    </message>
    <message>
        <source>Nobody signed in within --timeout.</source>
        <translation>Nobody signed in within --timeout.</translation>
    </message>
    <message>
        <source>The QR code expired: nobody scanned it. Run the command again.</source>
        <translation>The QR code expired: nobody scanned it. Run the command again.</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>Sign-in cancelled.</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>Sign-in failed: %1</translation>
    </message>
    <message>
        <source>The QR code is being renewed…</source>
        <translation>The QR code is being renewed…</translation>
    </message>
    <message>
        <source>Loading WeChat's QR code…</source>
        <translation>Loading WeChat's QR code…</translation>
    </message>
    <message>
        <source>Waiting for a scan: open WeChat on your phone and scan the QR code.</source>
        <translation>Waiting for a scan: open WeChat on your phone and scan the QR code.</translation>
    </message>
    <message>
        <source>Scanned: confirm the sign-in on your phone.</source>
        <translation>Scanned: confirm the sign-in on your phone.</translation>
    </message>
    <message>
        <source>Cancelled on the phone. Scan the QR code again to sign in.</source>
        <translation>Cancelled on the phone. Scan the QR code again to sign in.</translation>
    </message>
    <message>
        <source>The QR code expired. Press Enter for a new one.</source>
        <translation>The QR code expired. Press Enter for a new one.</translation>
    </message>
    <message>
        <source>The QR code expired.</source>
        <translation>The QR code expired.</translation>
    </message>
    <message>
        <source>Confirmed on the phone: signing in…</source>
        <translation>Confirmed on the phone: signing in…</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>Signed in.</translation>
    </message>
    <message>
        <source>Sign-in failed.</source>
        <translation>Sign-in failed.</translation>
    </message>
    <message>
        <source>Ctrl-C cancels.</source>
        <translation>Ctrl-C cancels.</translation>
    </message>
    <message>
        <source>Sign in with WeChat: scan this QR code with WeChat on your phone.</source>
        <translation>Sign in with WeChat: scan this QR code with WeChat on your phone.</translation>
    </message>
    <message>
        <source>No display here: the QR code is drawn in this terminal (or --window).</source>
        <translation>No display here: the QR code is drawn in this terminal (or --window).</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::Verbs</name>
    <message>
        <source>Not signed in: %1</source>
        <translation>Not signed in: %1</translation>
    </message>
    <message>
        <source>Not signed in. Run "wechat-login sign-in" first.</source>
        <translation>Not signed in. Run "wechat-login sign-in" first.</translation>
    </message>
    <message numerus="yes">
        <source>%1 (in %n minute(s))</source>
        <translation>
            <numerusform>%1 (in %n minute)</numerusform>
            <numerusform>%1 (in %n minutes)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n minute(s) ago)</source>
        <translation>
            <numerusform>%1 (%n minute ago)</numerusform>
            <numerusform>%1 (%n minutes ago)</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Signed in as %1 (%2)</translation>
    </message>
    <message>
        <source>(no nickname)</source>
        <translation>(no nickname)</translation>
    </message>
    <message>
        <source>User ID: %1</source>
        <translation>User ID: %1</translation>
    </message>
    <message>
        <source>Access token expires: %1</source>
        <translation>Access token expires: %1</translation>
    </message>
    <message>
        <source>Stored in: the system keychain</source>
        <translation>Stored in: the system keychain</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>the in-process sandbox</source>
        <translation>the in-process sandbox</translation>
    </message>
    <message>
        <source>Offline: the server could not be reached; the session is kept.</source>
        <translation>Offline: the server could not be reached; the session is kept.</translation>
    </message>
    <message>
        <source>Offline: the access token has expired and could not be refreshed: %1</source>
        <translation>Offline: the access token has expired and could not be refreshed: %1</translation>
    </message>
    <message>
        <source>Signed out: %1</source>
        <translation>Signed out: %1</translation>
    </message>
    <message>
        <source>Sign-out failed: %1</source>
        <translation>Sign-out failed: %1</translation>
    </message>
    <message>
        <source>Signed out on every device.</source>
        <translation>Signed out on every device.</translation>
    </message>
    <message>
        <source>Signed out on this device.</source>
        <translation>Signed out on this device.</translation>
    </message>
    <message>
        <source>The server could not be told: %1</source>
        <translation>The server could not be told: %1</translation>
    </message>
    <message>
        <source>Sandbox mode: no real WeChat account is involved.</source>
        <translation>Sandbox mode: no real WeChat account is involved.</translation>
    </message>
    <message>
        <source>Play the phone: open %1 in a browser.</source>
        <translation>Play the phone: open %1 in a browser.</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>Sign-in cancelled.</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>Sign-in failed: %1</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Signed in as %1.</translation>
    </message>
    <message>
        <source>No answer in time (--timeout): the server or the keychain did not answer; the session is kept.</source>
        <translation>No answer in time (--timeout): the server or the keychain did not answer; the session is kept.</translation>
    </message>
    <message>
        <source>Stored in: memory only (%1)</source>
        <translation>Stored in: memory only (%1)</translation>
    </message>
    <message>
        <source>The saved session could not be read; every part of it was removed.</source>
        <translation>The saved session could not be read; every part of it was removed.</translation>
    </message>
    <message>
        <source>The other devices may still be signed in: without a readable session the server cannot be told.</source>
        <translation>The other devices may still be signed in: without a readable session the server cannot be told.</translation>
    </message>
    <message>
        <source>The other devices may still be signed in: the server did not confirm the sign-out: %1</source>
        <translation>The other devices may still be signed in: the server did not confirm the sign-out: %1</translation>
    </message>
    <message>
        <source>The server issues access tokens valid for %1 s, less than --min-ttl %2.</source>
        <translation>The server issues access tokens valid for %1 s, less than --min-ttl %2.</translation>
    </message>
    <message>
        <source>No completion for "%1": the shells are bash, zsh and fish.</source>
        <translation>No completion for "%1": the shells are bash, zsh and fish.</translation>
    </message>
    <message>
        <source>Access token refreshed.</source>
        <translation>Access token refreshed.</translation>
    </message>
    <message>
        <source>Profile updated: %1.</source>
        <translation>Profile updated: %1.</translation>
    </message>
    <message>
        <source>The keychain can be used again.</source>
        <translation>The keychain can be used again.</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Offline: %1</translation>
    </message>
    <message>
        <source>Online again.</source>
        <translation>Online again.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Not signed in.</translation>
    </message>
    <message>
        <source>The system keychain could not be reached, so the session could not be read or saved; nothing was changed. Check that the keyring service (gnome-keyring or KWallet) is running, then try again.</source>
        <translation>The system keychain could not be reached, so the session could not be read or saved; nothing was changed. Check that the keyring service (gnome-keyring or KWallet) is running, then try again.</translation>
    </message>
    <message>
        <source>The server issues access tokens valid for %1 s: --min-ttl %2 can never be met. Ask for less than %1.</source>
        <translation>The server issues access tokens valid for %1 s: --min-ttl %2 can never be met. Ask for less than %1.</translation>
    </message>
    <message>
        <source>the system keychain is locked</source>
        <translation>the system keychain is locked</translation>
    </message>
    <message>
        <source>the system keychain could not be reached</source>
        <translation>the system keychain could not be reached</translation>
    </message>
    <message>
        <source>Signed in as %1, but the session could not be stored (%2) and was ended on the server again: nothing is left signed in. Run "wechat-login sign-in" again once the keychain works.</source>
        <translation>Signed in as %1, but the session could not be stored (%2) and was ended on the server again: nothing is left signed in. Run "wechat-login sign-in" again once the keychain works.</translation>
    </message>
    <message>
        <source>Signed in as %1, but the session could not be stored (%2), and ending it on the server failed too (%3): it stays valid there until "wechat-login sign-out --all" is run from a signed-in device.</source>
        <translation>Signed in as %1, but the session could not be stored (%2), and ending it on the server failed too (%3): it stays valid there until "wechat-login sign-out --all" is run from a signed-in device.</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>no answer in time</translation>
    </message>
    <message>
        <source>Open this address in a browser on this computer to sign in:</source>
        <translation>Open this address in a browser on this computer to sign in:</translation>
    </message>
    <message>
        <source>Your browser was opened: sign in there (scan the QR with WeChat), then come back here. If it did not open, open this address by hand:</source>
        <translation>Your browser was opened: sign in there (scan the QR with WeChat), then come back here. If it did not open, open this address by hand:</translation>
    </message>
    <message>
        <source>The browser could not be opened (%1). Open this address in a browser on this computer:</source>
        <translation>The browser could not be opened (%1). Open this address in a browser on this computer:</translation>
    </message>
    <message>
        <source>The browser came back: finishing the sign-in…</source>
        <translation>The browser came back: finishing the sign-in…</translation>
    </message>
    <message>
        <source>Commands (none: open the window):
  sign-in [--browser [--no-open] | --terminal [--qr-style STYLE] [--json] | --window]
                   Open the sign-in dialog, sign in in your own browser, or scan
                   the QR drawn in this terminal (the default without a
                   display); exit 0 once signed in and stored.
  status [--json]  Who is signed in and until when; exit 1 when nobody is.
  token [--min-ttl SECONDS] [--json]
                   Print a valid access token (refreshed if needed), nothing else.
  session --json   Print the stored session as JSON (contains the tokens).
  watch [--json]   One line per session event (sign-in, refresh, sign-out,
                   keychain, offline), also other processes', until interrupted.
  sign-out [--all] Sign out on this device, or on every device with --all.
  doctor [--json]  Check the set-up (server, redirect URL, clock, keychain, proxy,
                   sign-in page); exit 0 when everything needed works.
  completion SHELL Print the completion script for bash, zsh or fish.
Exit codes: 0 done, 1 signed out (or cancelled, failed), 2 bad usage or settings, 3 the server could not be reached or no answer in time (--timeout), 4 the keychain is locked or unavailable.</source>
        <translation>Commands (none: open the window):
  sign-in [--browser [--no-open] | --terminal [--qr-style STYLE] [--json] | --window]
                   Open the sign-in dialog, sign in in your own browser, or scan
                   the QR drawn in this terminal (the default without a
                   display); exit 0 once signed in and stored.
  status [--json]  Who is signed in and until when; exit 1 when nobody is.
  token [--min-ttl SECONDS] [--json]
                   Print a valid access token (refreshed if needed), nothing else.
  session --json   Print the stored session as JSON (contains the tokens).
  watch [--json]   One line per session event (sign-in, refresh, sign-out,
                   keychain, offline), also other processes', until interrupted.
  sign-out [--all] Sign out on this device, or on every device with --all.
  doctor [--json]  Check the set-up (server, redirect URL, clock, keychain, proxy,
                   sign-in page); exit 0 when everything needed works.
  completion SHELL Print the completion script for bash, zsh or fish.
Exit codes: 0 done, 1 signed out (or cancelled, failed), 2 bad usage or settings, 3 the server could not be reached or no answer in time (--timeout), 4 the keychain is locked or unavailable.</translation>
    </message>
    <message>
        <source>Nothing here can show the sign-in: there is no display, and standard output is not a terminal. Run "wechat-login sign-in" in a terminal or on a desktop, or use --json to get the QR code's text, or --browser --no-open for an address to open.</source>
        <translation>Nothing here can show the sign-in: there is no display, and standard output is not a terminal. Run "wechat-login sign-in" in a terminal or on a desktop, or use --json to get the QR code's text, or --browser --no-open for an address to open.</translation>
    </message>
    <message>
        <source>sign-in --terminal draws the QR code on a terminal, and standard output is not one. Use --json for the QR code's text.</source>
        <translation>sign-in --terminal draws the QR code on a terminal, and standard output is not one. Use --json for the QR code's text.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run "wechat-login --help" for usage.</source>
        <translation>Run "wechat-login --help" for usage.</translation>
    </message>
    <message>
        <source>Sign in with WeChat (MemFire Auth), keep the session in the system keychain, and hand access tokens to scripts. With nothing configured it runs against a built-in sandbox.</source>
        <translation>Sign in with WeChat (MemFire Auth), keep the session in the system keychain, and hand access tokens to scripts. With nothing configured it runs against a built-in sandbox.</translation>
    </message>
    <message>
        <source>sign-out: sign out on every device.</source>
        <translation>sign-out: sign out on every device.</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Unexpected argument: %1</translation>
    </message>
    <message>
        <source>Unknown command: %1</source>
        <translation>Unknown command: %1</translation>
    </message>
    <message>
        <source>--all only applies to sign-out.</source>
        <translation>--all only applies to sign-out.</translation>
    </message>
    <message>
        <source>Commands: give up after this many seconds and exit 3 (default %1).</source>
        <translation>Commands: give up after this many seconds and exit 3 (default %1).</translation>
    </message>
    <message>
        <source>--timeout needs a positive number of seconds, not "%1".</source>
        <translation>--timeout needs a positive number of seconds, not "%1".</translation>
    </message>
    <message>
        <source>token: refresh first when the access token has less than this many seconds left.</source>
        <translation>token: refresh first when the access token has less than this many seconds left.</translation>
    </message>
    <message>
        <source>completion needs one shell: bash, zsh or fish.</source>
        <translation>completion needs one shell: bash, zsh or fish.</translation>
    </message>
    <message>
        <source>--min-ttl only applies to token.</source>
        <translation>--min-ttl only applies to token.</translation>
    </message>
    <message>
        <source>--min-ttl needs a whole number of seconds from 0 to 86400, not "%1".</source>
        <translation>--min-ttl needs a whole number of seconds from 0 to 86400, not "%1".</translation>
    </message>
    <message>
        <source>sign-in: in your own browser instead of the dialog (no display needed to start it).</source>
        <translation>sign-in: in your own browser instead of the dialog (no display needed to start it).</translation>
    </message>
    <message>
        <source>sign-in --browser: only print the address to open, do not start a browser.</source>
        <translation>sign-in --browser: only print the address to open, do not start a browser.</translation>
    </message>
    <message>
        <source>--browser and --no-open only apply to sign-in.</source>
        <translation>--browser and --no-open only apply to sign-in.</translation>
    </message>
    <message>
        <source>status, token, session, doctor: print one JSON document (schema 1); watch and sign-in --terminal: one per event.</source>
        <translation>status, token, session, doctor: print one JSON document (schema 1); watch and sign-in --terminal: one per event.</translation>
    </message>
    <message>
        <source>sign-in: draw WeChat's QR code in this terminal (chosen by itself when there is no display).</source>
        <translation>sign-in: draw WeChat's QR code in this terminal (chosen by itself when there is no display).</translation>
    </message>
    <message>
        <source>sign-in: the dialog, even when there is no display.</source>
        <translation>sign-in: the dialog, even when there is no display.</translation>
    </message>
    <message>
        <source>sign-in --terminal: how the QR code is drawn: half (default), blocks, or ascii (no colour, no UTF-8; dark text on a light background).</source>
        <translation>sign-in --terminal: how the QR code is drawn: half (default), blocks, or ascii (no colour, no UTF-8; dark text on a light background).</translation>
    </message>
    <message>
        <source>--terminal, --window and --qr-style only apply to sign-in.</source>
        <translation>--terminal, --window and --qr-style only apply to sign-in.</translation>
    </message>
    <message>
        <source>Choose one way to sign in: --terminal, --window or --browser.</source>
        <translation>Choose one way to sign in: --terminal, --window or --browser.</translation>
    </message>
    <message>
        <source>--qr-style only applies to sign-in --terminal.</source>
        <translation>--qr-style only applies to sign-in --terminal.</translation>
    </message>
    <message>
        <source>--qr-style is one of %1, not "%2".</source>
        <translation>--qr-style is one of %1, not "%2".</translation>
    </message>
    <message>
        <source>--json only applies to status, token, session, watch, doctor and sign-in --terminal.</source>
        <translation>--json only applies to status, token, session, watch, doctor and sign-in --terminal.</translation>
    </message>
    <message>
        <source>The window needs a display, and there is none here (no DISPLAY or WAYLAND_DISPLAY, e.g. over ssh). To sign in from this terminal, run "wechat-login sign-in".</source>
        <translation>The window needs a display, and there is none here (no DISPLAY or WAYLAND_DISPLAY, e.g. over ssh). To sign in from this terminal, run "wechat-login sign-in".</translation>
    </message>
    <message>
        <source>--window needs a display, and there is none here (no DISPLAY or WAYLAND_DISPLAY, e.g. over ssh). Without --window, sign-in draws the QR code in this terminal.</source>
        <translation>--window needs a display, and there is none here (no DISPLAY or WAYLAND_DISPLAY, e.g. over ssh). Without --window, sign-in draws the QR code in this terminal.</translation>
    </message>
</context>
</TS>
