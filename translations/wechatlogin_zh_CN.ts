<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>WeChatLogin::AppConfig</name>
    <message>
        <source>The MemFire project&apos;s URL, e.g. https://&lt;ref&gt;.baseapi.memfiredb.com.</source>
        <translation>MemFire 项目的 URL，例如 https://&lt;ref&gt;.baseapi.memfiredb.com。</translation>
    </message>
    <message>
        <source>The project&apos;s anon key (public; never the service_role key).</source>
        <translation>项目的 anon key（公开密钥；绝不能用 service_role key）。</translation>
    </message>
    <message>
        <source>Where the sign-in returns; must be in the project&apos;s redirect URL list.</source>
        <translation>登录完成后返回的地址；必须在项目的重定向 URL 列表中。</translation>
    </message>
    <message>
        <source>The auth provider (default wechat_qr).</source>
        <translation>认证提供方（默认 wechat_qr）。</translation>
    </message>
    <message>
        <source>The interface language: zh_CN or en.</source>
        <translation>界面语言：zh_CN 或 en。</translation>
    </message>
    <message>
        <source>Another host the login page may navigate to (repeatable).</source>
        <translation>登录页面还可以访问的主机（可重复）。</translation>
    </message>
    <message>
        <source>Sandbox mode: the virtual phone scans and confirms each QR after this many milliseconds.</source>
        <translation>沙盒模式：虚拟手机在这么多毫秒后自动扫码并确认每个二维码。</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%2 中的 %1</translation>
    </message>
    <message>
        <source>The settings file %1 cannot be read.</source>
        <translation>无法读取设置文件 %1。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a supported language; use zh_CN or en.</source>
        <translation>%1：不支持语言“%2”；请使用 zh_CN 或 en。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a number of milliseconds between 1 and 600000.</source>
        <translation>%1：“%2”不是 1 到 600000 之间的毫秒数。</translation>
    </message>
    <message>
        <source>%1 is set but no project is configured: set the project&apos;s URL and anon key too (--url and --anon-key, WECHAT_LOGIN_URL and WECHAT_LOGIN_ANON_KEY, or %2), or remove it to use the sandbox.</source>
        <translation>已设置 %1，但没有配置项目：请同时设置项目的 URL 和 anon key（--url 和 --anon-key、WECHAT_LOGIN_URL 和 WECHAT_LOGIN_ANON_KEY，或 %2），或者删除该设置以使用沙盒。</translation>
    </message>
    <message>
        <source>%1 only applies to sandbox mode (nothing configured); a real WeChat account confirms on a real phone.</source>
        <translation>%1 只适用于沙盒模式（未配置项目时）；真实的微信帐号需要在真实的手机上确认。</translation>
    </message>
    <message>
        <source>%1 is set but the project&apos;s URL is missing: set --url, WECHAT_LOGIN_URL or url in %2.</source>
        <translation>已设置 %1，但缺少项目的 URL：请设置 --url、WECHAT_LOGIN_URL 或 %2 中的 url。</translation>
    </message>
    <message>
        <source>%1 is set but the anon key is missing: set --anon-key, WECHAT_LOGIN_ANON_KEY or anon_key in %2 (MemFire: the project&apos;s API settings).</source>
        <translation>已设置 %1，但缺少 anon key：请设置 --anon-key、WECHAT_LOGIN_ANON_KEY 或 %2 中的 anon_key（在 MemFire 项目的 API 设置中可以找到）。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a URL like https://&lt;ref&gt;.baseapi.memfiredb.com.</source>
        <translation>%1：“%2”不是形如 https://&lt;ref&gt;.baseapi.memfiredb.com 的 URL。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not an absolute URL.</source>
        <translation>%1：“%2”不是完整的 URL。</translation>
    </message>
    <message>
        <source>The settings could not be written to %1.</source>
        <translation>无法把设置写入 %1。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a host name or IP address with an optional port (HOST, HOST:PORT, [IPv6] or [IPv6]:PORT).</source>
        <translation>%1：“%2”不是主机名或 IP 地址（可带端口，格式 HOST、HOST:PORT、[IPv6] 或 [IPv6]:PORT）。</translation>
    </message>
    <message>
        <source>%1: the project URL must not contain a user name or password; the anon key is the only credential it needs.</source>
        <translation>%1：项目 URL 中不能包含用户名或密码；它唯一需要的凭据是 anon key。</translation>
    </message>
    <message>
        <source>The proxy: http://HOST:PORT, socks5://HOST:PORT (user:password@ if it asks), direct, or system (the default: http_proxy, https_proxy, no_proxy).</source>
        <translation>代理：http://HOST:PORT、socks5://HOST:PORT（需要时加 user:password@）、direct（不用代理）或 system（默认：http_proxy、https_proxy、no_proxy）。</translation>
    </message>
    <message>
        <source>More CA certificates (PEM) to trust for the API calls, e.g. a corporate CA.</source>
        <translation>API 请求额外信任的 CA 证书（PEM），例如企业 CA。</translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation>它不是普通文件</translation>
    </message>
    <message>
        <source>it is larger than %1 KiB, which no settings file is</source>
        <translation>它大于 %1 KiB，没有哪个设置文件会这么大</translation>
    </message>
    <message>
        <source>it is not UTF-8 text</source>
        <translation>它不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>line %1 holds a control character (binary data)</source>
        <translation>第 %1 行含有控制字符（二进制数据）</translation>
    </message>
    <message>
        <source>line %1 is neither [section] nor key = value</source>
        <translation>第 %1 行既不是 [section] 也不是 key = value</translation>
    </message>
    <message>
        <source>The settings file %1 cannot be used: %2. Correct or remove it.</source>
        <translation>设置文件 %1 无法使用：%2。请改正或删除它。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::AppContext</name>
    <message>
        <source>The sandbox could not start: %1</source>
        <translation>沙盒无法启动：%1</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::AuthConfig</name>
    <message>
        <source>the project URL is not set</source>
        <translation>未设置项目 URL</translation>
    </message>
    <message>
        <source>the project URL &quot;%1&quot; is not an absolute http(s) URL</source>
        <translation>项目 URL“%1”不是完整的 http(s) 地址</translation>
    </message>
    <message>
        <source>the project URL must use https:// (plain http is allowed only for loopback addresses)</source>
        <translation>项目 URL 必须使用 https://（仅本机回环地址允许使用 http）</translation>
    </message>
    <message>
        <source>the project URL must not have a query or fragment</source>
        <translation>项目 URL 不能带查询参数或片段（? 或 #）</translation>
    </message>
    <message>
        <source>the anon key is not set</source>
        <translation>未设置 anon key</translation>
    </message>
    <message>
        <source>the anon key is a secret key; a desktop app must use the anon (publishable) key</source>
        <translation>填写的是 secret key；桌面应用只能使用 anon（publishable）key</translation>
    </message>
    <message>
        <source>the anon key is neither a JWT nor an sb_publishable_ key</source>
        <translation>anon key 既不是 JWT，也不是 sb_publishable_ 开头的密钥</translation>
    </message>
    <message>
        <source>the anon key is the service_role key; never ship it in a desktop app</source>
        <translation>填写的是 service_role key；切勿把它放进桌面应用</translation>
    </message>
    <message>
        <source>the provider &quot;%1&quot; is not a provider name</source>
        <translation>“%1”不是有效的认证服务商名称</translation>
    </message>
    <message>
        <source>the redirect URL &quot;%1&quot; is not an absolute URL</source>
        <translation>重定向 URL“%1”不是完整的地址</translation>
    </message>
    <message>
        <source>the request timeout must be positive</source>
        <translation>请求超时时间必须大于零</translation>
    </message>
    <message>
        <source>the project URL must not contain a user name or password</source>
        <translation>项目 URL 中不能包含用户名或密码</translation>
    </message>
    <message>
        <source>the redirect URL must not contain a user name or password</source>
        <translation>重定向 URL 中不能包含用户名或密码</translation>
    </message>
    <message>
        <source>the redirect URL &quot;%1&quot; must use https:// (plain http is allowed only for loopback addresses)</source>
        <translation>重定向 URL“%1”必须使用 https://（只有回环地址才允许使用普通 http）</translation>
    </message>
    <message>
        <source>the redirect URL &quot;%1&quot; must be https://, http:// on a loopback address, or a custom scheme of the app (myapp://callback)</source>
        <translation>重定向 URL“%1”必须是 https://、回环地址上的 http://，或应用自己的自定义协议（myapp://callback）</translation>
    </message>
    <message>
        <source>the redirect URL &quot;%1&quot; has no host</source>
        <translation>重定向 URL“%1”没有主机名</translation>
    </message>
    <message>
        <source>the trusted host &quot;%1&quot; is not a host name or IP address with an optional port (HOST, HOST:PORT, [IPv6] or [IPv6]:PORT)</source>
        <translation>受信任主机“%1”不是主机名或 IP 地址（可带端口，格式 HOST、HOST:PORT、[IPv6] 或 [IPv6]:PORT）</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::AuthError</name>
    <message>
        <source>Cannot reach the sign-in server. Check your network connection and try again.</source>
        <translation>无法连接登录服务器，请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>The sign-in server did not answer in time. Check your network and try again.</source>
        <translation>登录服务器响应超时，请检查网络后重试。</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate could not be verified, so the connection was refused. Check the system date and any proxy, or contact the administrator.</source>
        <translation>无法验证服务器的安全证书，已拒绝连接。请检查系统时间和代理设置，或联系管理员。</translation>
    </message>
    <message>
        <source>The sign-in service is temporarily unavailable. Try again in a moment.</source>
        <translation>登录服务暂时不可用，请稍后重试。</translation>
    </message>
    <message>
        <source>Too many attempts in a short time. Wait a moment and try again.</source>
        <translation>短时间内尝试次数过多，请稍等片刻再试。</translation>
    </message>
    <message>
        <source>Another sign-in request was in progress. Try again.</source>
        <translation>另一个登录请求正在进行，请重试。</translation>
    </message>
    <message>
        <source>The sign-in server rejected the request. Try again; if it keeps happening, update the application.</source>
        <translation>登录服务器拒绝了请求。请重试；如果一直出现，请更新应用。</translation>
    </message>
    <message>
        <source>The QR code has expired. Please scan the new code.</source>
        <translation>二维码已过期，请重新扫码。</translation>
    </message>
    <message>
        <source>This sign-in could not be verified. Please scan the QR code again.</source>
        <translation>本次登录校验失败，请重新扫码。</translation>
    </message>
    <message>
        <source>This sign-in was already used or has expired. Please scan the QR code again.</source>
        <translation>本次登录已使用或已失效，请重新扫码。</translation>
    </message>
    <message>
        <source>The sign-in page has expired. Please scan the QR code again.</source>
        <translation>登录页面已失效，请重新扫码。</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>登录状态已失效，请重新登录。</translation>
    </message>
    <message>
        <source>Sign-in was refused. The account may be blocked or new sign-ups disabled; contact the administrator.</source>
        <translation>登录被拒绝：账号可能已被封禁，或已关闭新用户注册，请联系管理员。</translation>
    </message>
    <message>
        <source>WeChat sign-in failed on the server. Please try again.</source>
        <translation>服务器端微信登录失败，请重试。</translation>
    </message>
    <message>
        <source>The sign-in settings are invalid: %1</source>
        <translation>登录设置有误：%1</translation>
    </message>
    <message>
        <source>The sign-in server sent an answer this application does not understand.</source>
        <translation>登录服务器返回了本应用无法识别的内容。</translation>
    </message>
    <message>
        <source>The system keychain refused to store or read the session.</source>
        <translation>系统钥匙串拒绝保存或读取登录信息。</translation>
    </message>
    <message>
        <source>The saved session could not be read. Please sign in again.</source>
        <translation>无法读取已保存的登录信息，请重新登录。</translation>
    </message>
    <message>
        <source>Sign-in was cancelled.</source>
        <translation>已取消登录。</translation>
    </message>
    <message>
        <source>Sign-in failed. Please try again.</source>
        <translation>登录失败，请重试。</translation>
    </message>
    <message>
        <source>The system keychain could not be reached, so the session cannot be read or saved now. Check that the keyring service (gnome-keyring or KWallet) is running; until then you stay signed in only while the application runs.</source>
        <translation>无法连接系统钥匙串，暂时无法读取或保存登录会话。请确认钥匙串服务（gnome-keyring 或 KWallet）正在运行；在此之前，登录状态只在应用运行期间保持。</translation>
    </message>
    <message>
        <source>The system keychain is locked. Unlock it (log in to the desktop, or open Passwords and Keys) and try again; your sign-in is kept.</source>
        <translation>系统钥匙串已锁定。请解锁（登录桌面，或打开“密码和密钥”）后重试；你的登录状态会保留。</translation>
    </message>
    <message>
        <source>The proxy asks for a user name and password. Give them in the proxy setting (http://user:password@host:port), or ask your network administrator.</source>
        <translation>代理要求用户名和密码。请在代理设置中提供（http://user:password@host:port），或询问网络管理员。</translation>
    </message>
    <message>
        <source>The proxy could not be used (%1). Check the proxy setting (--proxy, WECHAT_LOGIN_PROXY or the system&apos;s) and try again.</source>
        <translation>无法使用代理（%1）。请检查代理设置（--proxy、WECHAT_LOGIN_PROXY 或系统设置）后重试。</translation>
    </message>
    <message>
        <source>The network answered instead of the sign-in server (a captive portal or a proxy&apos;s page). Sign in to the network in a browser, then try again.</source>
        <translation>回应的是所在网络而不是登录服务器（强制门户或代理的页面）。请先在浏览器中登录该网络，然后重试。</translation>
    </message>
    <message>
        <source>Another window or command of this app holds a newer session that the system keychain has not taken yet; it saves it as soon as the keychain answers. Try again in a moment: nothing is lost.</source>
        <translation>本应用的另一个窗口或命令持有一个更新的会话，系统钥匙串尚未保存它；钥匙串一有响应就会保存。请稍后重试：不会丢失任何内容。</translation>
    </message>
    <message>
        <source>Add http://127.0.0.1:*/** to the project&apos;s redirect URL list: MemFire Cloud → 认证 → URL配置 → 重定向URL列表.</source>
        <translation>请把 http://127.0.0.1:*/** 添加到项目的重定向 URL 列表：MemFire Cloud → 认证 → URL配置 → 重定向URL列表。</translation>
    </message>
    <message>
        <source>The server will send the browser to %1, not back to this app: its redirect URL list does not take this app&apos;s loopback address. %2</source>
        <translation>服务器会把浏览器带到 %1，而不是回到本应用：它的重定向 URL 列表不接受本应用的回环地址。%2</translation>
    </message>
    <message>
        <source>The browser did not come back to this app in time. If it showed another page after you confirmed on the phone: %1</source>
        <translation>浏览器没有及时回到本应用。如果你在手机上确认后，浏览器显示的是别的页面：%1</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::BrowserPanel</name>
    <message>
        <source>the desktop has no browser to open it with</source>
        <translation>桌面没有可以打开它的浏览器</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>The browser could not be opened (%1). Copy the address below into a browser on this computer.</source>
        <translation>无法打开浏览器（%1）。请把下面的地址复制到这台电脑上的浏览器中。</translation>
    </message>
    <message>
        <source>Sign in with your browser</source>
        <translation>用浏览器登录</translation>
    </message>
    <message>
        <source>Opens the sign-in in your web browser; useful when the QR does not show here</source>
        <translation>在网页浏览器中打开登录；二维码在这里显示不出来时可以用它</translation>
    </message>
    <message>
        <source>Waiting for your browser… Sign in there (scan the QR with WeChat), then come back here. If it did not open, copy this address into a browser on this computer:</source>
        <translation>正在等待浏览器…… 请在浏览器中登录（用微信扫码），然后回到这里。如果浏览器没有打开，请把这个地址复制到这台电脑上的浏览器中：</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>登录地址</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::BrowserSignIn</name>
    <message>
        <source>there is no graphical session here (no DISPLAY or WAYLAND_DISPLAY) to open a browser in</source>
        <translation>这里没有图形会话（没有 DISPLAY 或 WAYLAND_DISPLAY），无法打开浏览器</translation>
    </message>
    <message>
        <source>xdg-open was not found (Debian and Ubuntu: apt-get install xdg-utils)</source>
        <translation>找不到 xdg-open（Debian 和 Ubuntu：apt-get install xdg-utils）</translation>
    </message>
    <message>
        <source>%1 could not be started (%2)</source>
        <translation>无法启动 %1（%2）</translation>
    </message>
    <message>
        <source>%1 could not open a browser (exit code %2)</source>
        <translation>%1 无法打开浏览器（退出码 %2）</translation>
    </message>
    <message>
        <source>the browser could not be opened</source>
        <translation>无法打开浏览器</translation>
    </message>
    <message>
        <source>You are signed in, but the session could not be saved: %1</source>
        <translation>你已登录，但无法保存会话：%1</translation>
    </message>
    <message>
        <source>no loopback port could be opened for the browser to come back to (%1)</source>
        <translation>无法打开供浏览器返回的回环端口（%1）</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::Doctor</name>
    <message>
        <source>Fix: %1</source>
        <translation>解决办法：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found: see &quot;Fix&quot;.</source>
        <translation>
            <numerusform>发现 %n 个问题：请看“解决办法”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Everything needed works; %n warning(s).</source>
        <translation>
            <numerusform>所需的一切正常；%n 个警告。</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything works.</source>
        <translation>一切正常。</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>INI file</source>
        <translation>INI 文件</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>%1 秒内没有响应</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>nothing configured: sandbox mode, against the built-in sandbox at %1 (no real WeChat account is involved)</source>
        <translation>未配置任何内容：沙盒模式，连接内置沙盒 %1（不涉及真实的微信账号）</translation>
    </message>
    <message>
        <source>project URL %1 (%2)</source>
        <translation>项目 URL %1（%2）</translation>
    </message>
    <message>
        <source>anon key set (%1), role %2</source>
        <translation>已设置 anon key（%1），角色 %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>no redirect URL: GoTrue uses the project&apos;s Site URL</source>
        <translation>未设置重定向 URL：GoTrue 使用项目的网站URL</translation>
    </message>
    <message>
        <source>redirect URL %1 (%2)</source>
        <translation>重定向 URL %1（%2）</translation>
    </message>
    <message>
        <source>provider %1</source>
        <translation>服务商 %1</translation>
    </message>
    <message>
        <source>settings file %1</source>
        <translation>设置文件 %1</translation>
    </message>
    <message>
        <source>Use the project&apos;s anon (public) key from MemFire Cloud → 设置 → API.</source>
        <translation>请使用项目的 anon（公开）key：MemFire Cloud → 设置 → API。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>%1 cannot be reached: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was refused (this is never overridden): fix the system clock, or install your network&apos;s CA certificate in the system store (or pass --ca-file).</source>
        <translation>服务器证书被拒绝（绝不会被忽略）：请校正系统时间，或把所在网络的 CA 证书安装到系统证书库（或使用 --ca-file）。</translation>
    </message>
    <message>
        <source>Check the network connection, the proxy (see below) and --url.</source>
        <translation>请检查网络连接、代理（见下文）和 --url。</translation>
    </message>
    <message>
        <source>%1 answered with a redirect to %2 instead of GoTrue&apos;s settings: a captive portal (a network&apos;s sign-in page) or a proxy is in the way, or the URL is not the project&apos;s</source>
        <translation>%1 没有返回 GoTrue 的设置，而是重定向到 %2：中间有强制门户（网络的登录页）或代理，或者该 URL 不是项目的地址</translation>
    </message>
    <message>
        <source>Sign in to the network in a browser first, or correct --url (https://&lt;ref&gt;.baseapi.memfiredb.com).</source>
        <translation>请先在浏览器中登录该网络，或更正 --url（https://&lt;ref&gt;.baseapi.memfiredb.com）。</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2 with an HTML page where GoTrue answers JSON: a captive portal, a proxy&apos;s page or a wrong URL</source>
        <translation>%1 返回 HTTP %2 和一个 HTML 页面，而 GoTrue 应返回 JSON：可能是强制门户、代理页面或错误的 URL</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2, not GoTrue&apos;s settings</source>
        <translation>%1 返回 HTTP %2，不是 GoTrue 的设置</translation>
    </message>
    <message>
        <source>Check the anon key (MemFire Cloud → 设置 → API).</source>
        <translation>请检查 anon key（MemFire Cloud → 设置 → API）。</translation>
    </message>
    <message>
        <source>Check --url: it is the project URL, https://&lt;ref&gt;.baseapi.memfiredb.com, without /auth/v1.</source>
        <translation>请检查 --url：应为项目 URL，https://&lt;ref&gt;.baseapi.memfiredb.com，不带 /auth/v1。</translation>
    </message>
    <message>
        <source>GoTrue answers at %1, but the provider %2 is not enabled</source>
        <translation>GoTrue 在 %1 正常响应，但服务商 %2 未启用</translation>
    </message>
    <message>
        <source>MemFire Cloud → 认证 → 服务商: enable 微信扫码 (%1) with the WeChat website app&apos;s AppID and AppSecret.</source>
        <translation>MemFire Cloud → 认证 → 服务商：用微信网站应用的 AppID 和 AppSecret 启用 微信扫码（%1）。</translation>
    </message>
    <message>
        <source>GoTrue answers at %1 and %2 (WeChat QR sign-in) is enabled</source>
        <translation>GoTrue 在 %1 正常响应，%2（微信扫码登录）已启用</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <source>the server&apos;s time is unknown (no Date header)</source>
        <translation>服务器时间未知（没有 Date 响应头）</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>within %1 of the server&apos;s</source>
        <translation>与服务器时间相差不超过 %1</translation>
    </message>
    <message>
        <source>Turn on automatic time (NTP), e.g. timedatectl set-ntp true; on a PC that also runs Windows, check that the hardware clock keeps UTC.</source>
        <translation>请开启自动对时（NTP），例如 timedatectl set-ntp true；如果这台电脑也运行 Windows，请确认硬件时钟使用 UTC。</translation>
    </message>
    <message>
        <source>Redirect URL</source>
        <translation>重定向 URL</translation>
    </message>
    <message>
        <source>not checked: the server check failed</source>
        <translation>未检查：服务器检查未通过</translation>
    </message>
    <message>
        <source>GoTrue did not start a sign-in (/authorize answered HTTP %1: %2)</source>
        <translation>GoTrue 没有开始登录（/authorize 返回 HTTP %1：%2）</translation>
    </message>
    <message>
        <source>Check the provider settings in MemFire Cloud → 认证 → 服务商 (微信扫码).</source>
        <translation>请检查 MemFire Cloud → 认证 → 服务商（微信扫码）中的设置。</translation>
    </message>
    <message>
        <source>GoTrue&apos;s callback answered HTTP %1 without sending the browser anywhere; the redirect URL could not be checked</source>
        <translation>GoTrue 的回调返回 HTTP %1，没有把浏览器重定向到任何地方；无法检查重定向 URL</translation>
    </message>
    <message>
        <source>no redirect URL set: GoTrue sends the browser to the Site URL, %1, which the app recognises</source>
        <translation>未设置重定向 URL：GoTrue 会把浏览器送到网站URL %1，应用能识别它</translation>
    </message>
    <message>
        <source>%1 is in the project&apos;s redirect URL list (重定向URL列表)</source>
        <translation>%1 在项目的重定向URL列表中</translation>
    </message>
    <message>
        <source>GoTrue sent the browser to %1, not to %2: the redirect URL is not in the project&apos;s redirect URL list, so GoTrue silently falls back to the Site URL (网站URL) and the sign-in never comes back to this app</source>
        <translation>GoTrue 把浏览器送到了 %1，而不是 %2：该重定向 URL 不在项目的重定向URL列表中，GoTrue 会悄悄改用网站URL，登录结果永远不会回到本应用</translation>
    </message>
    <message>
        <source>MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 exactly (or set --redirect-to to an entry of the list).</source>
        <translation>MemFire Cloud → 认证 → URL配置 → 重定向URL列表：原样添加 %1（或把 --redirect-to 设为列表中的某一项）。</translation>
    </message>
    <message>
        <source>no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)</source>
        <translation>没有 D-Bus 会话总线（未设置 DBUS_SESSION_BUS_ADDRESS）</translation>
    </message>
    <message>
        <source>no Secret Service (gnome-keyring, KWallet or KeePassXC) on the session bus</source>
        <translation>会话总线上没有 Secret Service（gnome-keyring、KWallet 或 KeePassXC）</translation>
    </message>
    <message>
        <source>the Secret Service does not answer (a stopped or hung daemon)</source>
        <translation>Secret Service 没有响应（守护进程已停止或卡住）</translation>
    </message>
    <message>
        <source>the Secret Service</source>
        <translation>Secret Service</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>钥匙串</translation>
    </message>
    <message>
        <source>Install and start gnome-keyring (apt-get install gnome-keyring) or KWallet, and log in to a desktop session that unlocks it.</source>
        <translation>请安装并启动 gnome-keyring（apt-get install gnome-keyring）或 KWallet，并登录一个会解锁它的桌面会话。</translation>
    </message>
    <message>
        <source>%1 (Secret Service): the default collection is locked, so the session can be neither read nor saved</source>
        <translation>%1（Secret Service）：默认集合已锁定，会话既无法读取也无法保存</translation>
    </message>
    <message>
        <source>Unlock it: log in to the desktop, open Passwords and Keys (seahorse), or run: gnome-keyring-daemon --unlock.</source>
        <translation>请解锁：登录桌面、打开“密码和密钥”（seahorse），或运行 gnome-keyring-daemon --unlock。</translation>
    </message>
    <message>
        <source>%1 (Secret Service): %2</source>
        <translation>%1（Secret Service）：%2</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>未能及时响应</translation>
    </message>
    <message>
        <source>Restart the keyring daemon, or log out and in again.</source>
        <translation>请重启钥匙串守护进程，或注销后重新登录。</translation>
    </message>
    <message>
        <source>%1 (Secret Service), unlocked; signed in as %2</source>
        <translation>%1（Secret Service），已解锁；已登录为 %2</translation>
    </message>
    <message>
        <source>%1 (Secret Service), unlocked; nobody is signed in yet</source>
        <translation>%1（Secret Service），已解锁；尚无人登录</translation>
    </message>
    <message>
        <source>Sign in again (wechat-login sign-in); it replaces the unreadable entry.</source>
        <translation>请重新登录（wechat-login sign-in），它会替换无法读取的条目。</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Sign-in page</source>
        <translation>登录页面</translation>
    </message>
    <message>
        <source>not checked in this process</source>
        <translation>未在此进程中检查</translation>
    </message>
    <message>
        <source>running as root: Chromium&apos;s sandbox cannot start, so the sign-in page cannot load</source>
        <translation>以 root 身份运行：Chromium 的沙盒无法启动，登录页面无法加载</translation>
    </message>
    <message>
        <source>Run wechat-login as a normal user (or, for a throwaway test machine only, set QTWEBENGINE_DISABLE_SANDBOX=1).</source>
        <translation>请以普通用户身份运行 wechat-login（仅在一次性的测试机器上才可设置 QTWEBENGINE_DISABLE_SANDBOX=1）。</translation>
    </message>
    <message>
        <source>Reinstall wechat-login.</source>
        <translation>请重新安装 wechat-login。</translation>
    </message>
    <message>
        <source>%1; the page was not loaded: the server check failed</source>
        <translation>%1；未加载页面：服务器检查未通过</translation>
    </message>
    <message>
        <source>%1 loaded WeChat&apos;s QR page from %2 (nothing was signed in)</source>
        <translation>%1 已从 %2 加载微信二维码页面（没有进行登录）</translation>
    </message>
    <message>
        <source>%1 could not show the QR page: %2</source>
        <translation>%1 无法显示二维码页面：%2</translation>
    </message>
    <message>
        <source>The sign-in page trusts the certificates of the system&apos;s NSS store: for a corporate CA, certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n corp -i ca.pem (package libnss3-tools). Otherwise check the network and the proxy.</source>
        <translation>登录页面信任系统 NSS 证书库中的证书：企业 CA 可用 certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n corp -i ca.pem 添加（软件包 libnss3-tools）。否则请检查网络和代理。</translation>
    </message>
    <message>
        <source>this machine&apos;s clock is %1 ahead of the server&apos;s. Sessions still work (their expiry is judged on this machine&apos;s clock from the lifetime the server gives), but certificates may be refused and times shown elsewhere are off.</source>
        <translation>本机时钟比服务器快 %1。会话仍然有效（到期时间按服务器给出的有效期、以本机时钟判断），但证书可能被拒绝，其他地方显示的时间也会有偏差。</translation>
    </message>
    <message>
        <source>this machine&apos;s clock is %1 behind the server&apos;s. Sessions still work (their expiry is judged on this machine&apos;s clock from the lifetime the server gives), but certificates may be refused and times shown elsewhere are off.</source>
        <translation>本机时钟比服务器慢 %1。会话仍然有效（到期时间按服务器给出的有效期、以本机时钟判断），但证书可能被拒绝，其他地方显示的时间也会有偏差。</translation>
    </message>
    <message>
        <source>%1: a sign-in would last only while the app runs</source>
        <translation>%1：登录只能维持到应用退出</translation>
    </message>
    <message>
        <source>%1 (Secret Service), unlocked; the saved session cannot be read</source>
        <translation>%1（Secret Service），已解锁；保存的会话无法读取</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a check&apos;s title and what it found</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between the parts of a check&apos;s detail</comment>
        <translation>；</translation>
    </message>
    <message>
        <source>CA file %1 (%2 certificates, %3)</source>
        <translation>CA 文件 %1（%2 个证书，%3）</translation>
    </message>
    <message>
        <source>the proxy asks for a user name and password</source>
        <translation>代理要求用户名和密码</translation>
    </message>
    <message>
        <source>the proxy could not be used: %1</source>
        <translation>无法使用代理：%1</translation>
    </message>
    <message>
        <source>Give them in the proxy setting: http://user:password@host:port.</source>
        <translation>请在代理设置中提供：http://user:password@host:port。</translation>
    </message>
    <message>
        <source>Check the proxy setting (--proxy, WECHAT_LOGIN_PROXY or the system&apos;s).</source>
        <translation>请检查代理设置（--proxy、WECHAT_LOGIN_PROXY 或系统设置）。</translation>
    </message>
    <message>
        <source>%1 cannot be reached: %2; the system reports a captive portal (the network&apos;s sign-in page)</source>
        <translation>无法连接 %1：%2；系统报告存在强制门户（网络的登录页）</translation>
    </message>
    <message>
        <source>Sign in to the network in a browser first.</source>
        <translation>请先在浏览器中登录该网络。</translation>
    </message>
    <message>
        <source>none: direct connections, as set (%1)</source>
        <translation>无：按设置直接连接（%1）</translation>
    </message>
    <message>
        <source>the system settings: http_proxy, https_proxy, no_proxy</source>
        <translation>系统设置：http_proxy、https_proxy、no_proxy</translation>
    </message>
    <message>
        <source>none: direct connections to %1 (%2)</source>
        <translation>无：直接连接 %1（%2）</translation>
    </message>
    <message>
        <source>%1 for %2 and the sign-in page (%3)</source>
        <translation>%2 和登录页面使用 %1（%3）</translation>
    </message>
    <message>
        <source>%1 for %2 and the sign-in page (%3); neither Qt nor the sign-in page (Chromium) sends loopback addresses through a proxy</source>
        <translation>%2 和登录页面使用 %1（%3）；Qt 和登录页面（Chromium）都不会通过代理访问回环地址</translation>
    </message>
    <message>
        <source>%1 answered with more than %2 KiB and did not stop: not GoTrue (a captive portal, a proxy, or a wrong URL)</source>
        <translation>%1 返回的内容超过 %2 KiB 且没有结束：这不是 GoTrue（可能是强制门户、代理，或 URL 有误）</translation>
    </message>
    <message>
        <source>Browser sign-in (loopback redirect)</source>
        <translation>浏览器登录（回环重定向）</translation>
    </message>
    <message>
        <source>GoTrue sends the browser back to a loopback address (%1): &quot;wechat-login sign-in --browser&quot; works</source>
        <translation>GoTrue 会把浏览器带回回环地址（%1）：“wechat-login sign-in --browser”可以使用</translation>
    </message>
    <message>
        <source>GoTrue sent the browser to %1, not back to the loopback address %2: the sign-in in the system browser (sign-in --browser, BrowserSignIn) cannot come back to the app; the dialog is not affected</source>
        <translation>GoTrue 把浏览器带到了 %1，而不是回环地址 %2：在系统浏览器中登录（sign-in --browser、BrowserSignIn）无法回到应用；登录对话框不受影响</translation>
    </message>
    <message>
        <source>MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 (any port of 127.0.0.1).</source>
        <translation>MemFire Cloud → 认证 → URL配置 → 重定向URL列表：添加 %1（127.0.0.1 的任意端口）。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::ErrorPanel</name>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Retry the sign-in</source>
        <translation>重新登录</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Show technical details</source>
        <translation>显示技术细节</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>技术细节</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::Internal::BrowserPage</name>
    <message>
        <source>Signed in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Not this sign-in</source>
        <translation>不是这次登录</translation>
    </message>
    <message>
        <source>This sign-in is already done</source>
        <translation>这次登录已经完成</translation>
    </message>
    <message>
        <source>Nothing here</source>
        <translation>这里没有内容</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>不支持</translation>
    </message>
    <message>
        <source>Wrong address</source>
        <translation>地址不对</translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation>请求太大</translation>
    </message>
    <message>
        <source>the app</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>You are signed in to %1.</source>
        <translation>你已登录 %1。</translation>
    </message>
    <message>
        <source>You can close this tab and go back to %1.</source>
        <translation>可以关闭这个标签页，回到 %1。</translation>
    </message>
    <message>
        <source>%1 could not sign you in.</source>
        <translation>%1 没能让你登录。</translation>
    </message>
    <message>
        <source>Close this tab, go back to %1 and try again.</source>
        <translation>请关闭这个标签页，回到 %1 再试一次。</translation>
    </message>
    <message>
        <source>This address does not belong to the sign-in %1 is waiting for.</source>
        <translation>这个地址不属于 %1 正在等待的登录。</translation>
    </message>
    <message>
        <source>Start the sign-in again from %1.</source>
        <translation>请从 %1 重新开始登录。</translation>
    </message>
    <message>
        <source>%1 has already received this sign-in.</source>
        <translation>%1 已经收到这次登录。</translation>
    </message>
    <message>
        <source>You can close this tab.</source>
        <translation>可以关闭这个标签页。</translation>
    </message>
    <message>
        <source>%1 only answers its own sign-in here.</source>
        <translation>%1 在这里只回应它自己的登录。</translation>
    </message>
    <message>
        <source>en</source>
        <comment>the HTML lang attribute of the browser sign-in&apos;s pages: this translation&apos;s language code</comment>
        <translation>zh-CN</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::LoginDialog</name>
    <message>
        <source>Sign in with WeChat</source>
        <translation>微信扫码登录</translation>
    </message>
    <message>
        <source>Scan with WeChat to sign in</source>
        <translation>使用微信扫码登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the sign-in</source>
        <translation>取消登录</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::LoginProcess</name>
    <message>
        <source>The sign-in window is not installed (wechat-login-dialog was not found).</source>
        <translation>登录窗口未安装（找不到 wechat-login-dialog）。</translation>
    </message>
    <message>
        <source>The sign-in window could not be started: %1</source>
        <translation>无法启动登录窗口：%1</translation>
    </message>
    <message>
        <source>The sign-in window stopped unexpectedly (%1).</source>
        <translation>登录窗口意外退出（%1）。</translation>
    </message>
    <message>
        <source>it crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>退出码 %1</translation>
    </message>
    <message>
        <source>The sign-in window&apos;s program must be given as an absolute path, not &quot;%1&quot;.</source>
        <translation>登录窗口的程序必须以绝对路径给出，而不是“%1”。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::LoginProcessChild</name>
    <message>
        <source>wechat-login-dialog is started by a program signing in (LoginProcess), not by hand.</source>
        <translation>wechat-login-dialog 由正在登录的程序（LoginProcess）启动，不能手动运行。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::LoginWidget</name>
    <message>
        <source>Loading the QR code…</source>
        <translation>正在加载二维码…</translation>
    </message>
    <message>
        <source>QR code refreshed. Scan it with WeChat to sign in.</source>
        <translation>二维码已刷新，请使用微信扫描登录。</translation>
    </message>
    <message>
        <source>Scan the QR code with WeChat to sign in.</source>
        <translation>请使用微信扫描二维码登录。</translation>
    </message>
    <message>
        <source>Scanned. Confirm the sign-in in WeChat on your phone.</source>
        <translation>扫描成功，请在手机微信中确认登录。</translation>
    </message>
    <message>
        <source>You cancelled the sign-in on your phone. Scan again to retry.</source>
        <translation>你已在手机上取消此次登录，可再次扫码登录。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>已登录。</translation>
    </message>
    <message>
        <source>WeChat QR code</source>
        <translation>微信登录二维码</translation>
    </message>
    <message>
        <source>Scan this QR code with WeChat on your phone.</source>
        <translation>请用手机微信扫描此二维码。</translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation>登录状态</translation>
    </message>
    <message>
        <source>Sign-in progress</source>
        <translation>登录进度</translation>
    </message>
    <message>
        <source>The sign-in page did not show a QR code.</source>
        <translation>登录页面没有显示二维码。</translation>
    </message>
    <message>
        <source>Check the project URL and that the WeChat provider is enabled in MemFire.</source>
        <translation>请检查项目 URL，并确认已在 MemFire 中启用微信登录。</translation>
    </message>
    <message>
        <source>The sign-in page could not be loaded.</source>
        <translation>无法加载登录页面。</translation>
    </message>
    <message>
        <source>Check your internet connection, then retry.</source>
        <translation>请检查网络连接，然后重试。</translation>
    </message>
    <message>
        <source>Retry to get a new QR code.</source>
        <translation>请重试以获取新的二维码。</translation>
    </message>
    <message>
        <source>The connection is not secure: its certificate was refused.</source>
        <translation>连接不安全：其证书已被拒绝。</translation>
    </message>
    <message>
        <source>WeChat refused the callback address. In the WeChat Open Platform, set the website app&apos;s 授权回调域 (authorization callback domain) to the domain of your MemFire project.</source>
        <translation>微信拒绝了回调地址。请在微信开放平台将网站应用的授权回调域设置为你的 MemFire 项目的域名。</translation>
    </message>
    <message>
        <source>The AppID is not an approved WeChat website application (网站应用) with the snsapi_login scope. Check the WeChat provider&apos;s AppID in MemFire.</source>
        <translation>该 AppID 不是已审核通过、拥有 snsapi_login 权限的微信网站应用。请检查 MemFire 中微信登录的 AppID。</translation>
    </message>
    <message>
        <source>WeChat does not know this AppID. Check the WeChat provider&apos;s AppID in MemFire.</source>
        <translation>微信无法识别此 AppID。请检查 MemFire 中微信登录的 AppID。</translation>
    </message>
    <message>
        <source>WeChat refused the sign-in request.</source>
        <translation>微信拒绝了此次登录请求。</translation>
    </message>
    <message>
        <source>WeChat cannot show a QR code: %1</source>
        <translation>微信无法显示二维码：%1</translation>
    </message>
    <message>
        <source>The sign-in did not come back to this app.</source>
        <translation>登录后没有返回本应用。</translation>
    </message>
    <message>
        <source>MemFire sent the browser to %1 instead of %2: add %2 to the 重定向URL列表 (redirect URLs) of your MemFire project&apos;s authentication settings.</source>
        <translation>MemFire 将浏览器跳转到了 %1，而不是 %2：请在 MemFire 项目的认证设置中把 %2 加入重定向URL列表。</translation>
    </message>
    <message>
        <source>The QR code did not load in time.</source>
        <translation>二维码加载超时。</translation>
    </message>
    <message>
        <source>Refreshing the QR code…</source>
        <translation>正在刷新二维码…</translation>
    </message>
    <message>
        <source>That QR code has expired. Scan the new one.</source>
        <translation>那个二维码已过期，请扫描新的二维码。</translation>
    </message>
    <message>
        <source>The QR code has expired. Click it, or press Enter, for a new one.</source>
        <translation>二维码已过期，点击二维码或按回车键获取新的二维码。</translation>
    </message>
    <message>
        <source>WECHAT_PAGE_LANG</source>
        <comment>lang= of WeChat&apos;s QR page: cn or en</comment>
        <translation>cn</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::MainWindow</name>
    <message>
        <source>About WeChatLogin</source>
        <translation>关于微信扫码登录</translation>
    </message>
    <message>
        <source>&lt;b&gt;WeChatLogin %1&lt;/b&gt;&lt;p&gt;Sign in to desktop apps by scanning a WeChat QR code, through MemFire Cloud Auth.&lt;/p&gt;</source>
        <translation>&lt;b&gt;微信扫码登录 %1&lt;/b&gt;&lt;p&gt;通过 MemFire Cloud 认证，用微信扫描二维码登录桌面应用。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>WeChatLogin (sandbox)</source>
        <translation>微信扫码登录（沙盒）</translation>
    </message>
    <message>
        <source>WeChatLogin</source>
        <translation>微信扫码登录</translation>
    </message>
    <message>
        <source>Restoring your session…</source>
        <translation>正在恢复会话…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About WeChatLogin</source>
        <translation>关于微信扫码登录(&amp;A)</translation>
    </message>
    <message>
        <source>Signed out here, but the other devices could not be signed out: %1</source>
        <translation>已在本设备退出登录，但无法让其他设备退出：%1</translation>
    </message>
    <message>
        <source>Signed out here; the server could not be told: %1</source>
        <translation>已在本设备退出登录；未能通知服务器：%1</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::NetworkSettings</name>
    <message>
        <source>&quot;%1&quot; is not a proxy: use http://HOST:PORT, socks5://HOST:PORT, direct or system.</source>
        <translation>“%1”不是代理：请使用 http://HOST:PORT、socks5://HOST:PORT、direct 或 system。</translation>
    </message>
    <message>
        <source>the proxy %1 has no port: use %2://HOST:PORT.</source>
        <translation>代理 %1 没有端口：请使用 %2://HOST:PORT。</translation>
    </message>
    <message>
        <source>the proxy %1 has a path; a proxy is only HOST:PORT.</source>
        <translation>代理 %1 带有路径；代理只能是 HOST:PORT。</translation>
    </message>
    <message>
        <source>the CA file %1 cannot be read: %2</source>
        <translation>无法读取 CA 文件 %1：%2</translation>
    </message>
    <message>
        <source>the CA file %1 holds no certificate (PEM or DER).</source>
        <translation>CA 文件 %1 中没有证书（PEM 或 DER）。</translation>
    </message>
    <message>
        <source>the CA file %1 is not a regular file (a directory, a device or a pipe).</source>
        <translation>CA 文件 %1 不是普通文件（而是目录、设备或管道）。</translation>
    </message>
    <message>
        <source>the CA file %1 is larger than %2 MiB, which no CA bundle is.</source>
        <translation>CA 文件 %1 大于 %2 MiB，没有哪个 CA 证书包会这么大。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::ProxyDialog</name>
    <message>
        <source>Proxy sign-in</source>
        <translation>代理登录</translation>
    </message>
    <message>
        <source>The proxy %1 asks for a user name and password. They are kept until the app quits, never stored.</source>
        <translation>代理 %1 要求用户名和密码。它们只保留到应用退出，不会被保存。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Sign in to the proxy</source>
        <translation>登录代理</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::QrOverlay</name>
    <message>
        <source>Scanned. Confirm on your phone.</source>
        <translation>扫描成功，请在手机上确认</translation>
    </message>
    <message>
        <source>The QR code has expired.</source>
        <translation>二维码已过期</translation>
    </message>
    <message>
        <source>Click to refresh</source>
        <translation>点击刷新</translation>
    </message>
    <message>
        <source>Get a new QR code</source>
        <translation>获取新的二维码</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::Sandbox</name>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>无法在 %1 的端口 %2 上监听：%3</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SandboxBanner</name>
    <message>
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt;: a local stand-in for MemFire and WeChat; no real account is used. Scan with the virtual phone, or let this window play it.</source>
        <translation>&lt;b&gt;沙盒模式&lt;/b&gt;：本地模拟的 MemFire 和微信，不使用真实帐号。可以用虚拟手机扫码，也可以让本窗口代为操作。</translation>
    </message>
    <message>
        <source>Play the phone: scan and confirm</source>
        <translation>模拟手机：扫码并确认</translation>
    </message>
    <message>
        <source>Virtual phone: open the sign-in first</source>
        <translation>虚拟手机：请先打开登录</translation>
    </message>
    <message>
        <source>Open the virtual phone</source>
        <translation>打开虚拟手机</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SessionManager</name>
    <message>
        <source>Signed out on this device, but the server could not be told: %1</source>
        <translation>已在本设备退出登录，但未能通知服务器：%1</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>你已退出登录。</translation>
    </message>
    <message>
        <source>Your sign-in was revoked, for example by signing out on all devices. Please sign in again.</source>
        <translation>你的登录已被撤销（例如在所有设备上退出了登录）。请重新登录。</translation>
    </message>
    <message>
        <source>Your session has ended on the server. Please sign in again.</source>
        <translation>服务器上的会话已结束。请重新登录。</translation>
    </message>
    <message>
        <source>This account is no longer allowed to sign in.</source>
        <translation>此账号已不允许登录。</translation>
    </message>
    <message>
        <source>You signed out in another window of this app.</source>
        <translation>你已在本应用的另一个窗口中退出登录。</translation>
    </message>
    <message>
        <source>The saved sign-in could not be read. Please sign in again.</source>
        <translation>无法读取已保存的登录信息，请重新登录。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Project &amp;URL:</source>
        <translation>项目 &amp;URL：</translation>
    </message>
    <message>
        <source>empty: the built-in sandbox</source>
        <translation>留空：使用内置沙盒</translation>
    </message>
    <message>
        <source>&amp;Anon key:</source>
        <translation>&amp;Anon key：</translation>
    </message>
    <message>
        <source>&amp;Redirect URL:</source>
        <translation>重定向 URL(&amp;R)：</translation>
    </message>
    <message>
        <source>empty: the project&apos;s Site URL</source>
        <translation>留空：使用项目的网站 URL</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>登录方式(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Trusted hosts:</source>
        <translation>可信主机(&amp;T)：</translation>
    </message>
    <message>
        <source>extra HOST[:PORT], comma separated</source>
        <translation>额外的 HOST[:PORT]，用逗号分隔</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Saved to %1. Connection changes apply the next time wechat-login starts; the language applies now.</source>
        <translation>保存到 %1。连接设置在下次启动 wechat-login 时生效；语言立即生效。</translation>
    </message>
    <message>
        <source>The command line or environment currently overrides: %1.</source>
        <translation>当前被命令行或环境变量覆盖的设置：%1。</translation>
    </message>
    <message>
        <source>Set the project URL and anon key too, or clear the redirect URL and provider to use the sandbox.</source>
        <translation>请同时设置项目 URL 和 anon key，或者清空重定向 URL 和登录方式以使用沙盒。</translation>
    </message>
    <message>
        <source>Project URL: required when an anon key is set.</source>
        <translation>项目 URL：设置了 anon key 时必须填写。</translation>
    </message>
    <message>
        <source>Anon key: required when a project URL is set.</source>
        <translation>Anon key：设置了项目 URL 时必须填写。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SignInHelper</name>
    <message>
        <source>%1 is started by the wechat-login window, not by hand.</source>
        <translation>%1 由 wechat-login 窗口启动，不能手动运行。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SignInLoader</name>
    <message>
        <source>The sign-in component (libwechat-login-signin.so) could not be loaded; reinstall wechat-login. Looked in: %1</source>
        <translation>无法加载登录组件（libwechat-login-signin.so），请重新安装 wechat-login。查找位置：%1</translation>
    </message>
    <message>
        <source>The sandbox component (libwechat-login-sandboxhost.so) could not be loaded; reinstall wechat-login. Looked in: %1</source>
        <translation>无法加载沙盒组件（libwechat-login-sandboxhost.so），请重新安装 wechat-login。已查找：%1</translation>
    </message>
    <message>
        <source>The window component (libwechat-login-window.so) could not be loaded; reinstall wechat-login. Looked in: %1</source>
        <translation>无法加载窗口组件（libwechat-login-window.so），请重新安装 wechat-login。已查找：%1</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::SignedInPage</name>
    <message>
        <source>(no nickname)</source>
        <translation>（无昵称）</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>memory only for now, saved as soon as the keychain allows: %1</source>
        <translation>暂时仅在内存中，钥匙串可用后立即保存：%1</translation>
    </message>
    <message>
        <source>Offline: the server cannot be reached. You stay signed in; the token is refreshed as soon as it can be.</source>
        <translation>离线：无法连接服务器。登录状态会保留，连上服务器后会立即刷新令牌。</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>未安排</translation>
    </message>
    <message numerus="yes">
        <source>%1 (in %n minute(s))</source>
        <translation>
            <numerusform>%1（%n 分钟后）</numerusform>
        </translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>登录方式：</translation>
    </message>
    <message>
        <source>User ID:</source>
        <translation>用户 ID：</translation>
    </message>
    <message>
        <source>Next token refresh:</source>
        <translation>下次刷新令牌：</translation>
    </message>
    <message>
        <source>Stored in:</source>
        <translation>保存位置：</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign out on this device</source>
        <translation>在本设备上退出登录</translation>
    </message>
    <message>
        <source>Sign out everywhere</source>
        <translation>退出所有设备</translation>
    </message>
    <message>
        <source>Sign out on every device</source>
        <translation>在所有设备上退出登录</translation>
    </message>
    <message>
        <source>Profile picture</source>
        <translation>头像</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::StartPage</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Scan a QR code with WeChat on your phone and confirm. You stay signed in on this computer until you sign out.</source>
        <translation>用手机微信扫描二维码并确认。退出登录之前，这台电脑会一直保持登录。</translation>
    </message>
    <message>
        <source>Sign in with WeChat</source>
        <translation>微信扫码登录</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::TerminalQr</name>
    <message>
        <source>The terminal is too small for the QR code: it needs at least %1 columns and %2 rows, and has %3 x %4. Enlarge the window (or make the font smaller).</source>
        <translation>终端太小，放不下二维码：至少需要 %1 列、%2 行，当前为 %3 x %4。请放大窗口（或把字体调小）。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::TerminalSignIn</name>
    <message>
        <source>Sandbox mode: play the phone at %1</source>
        <translation>沙盒模式：在 %1 模拟手机</translation>
    </message>
    <message>
        <source>No display here: the QR code is drawn in this terminal (or --window).</source>
        <translation>这里没有图形界面：二维码画在这个终端里（或用 --window）。</translation>
    </message>
    <message>
        <source>sign-in --terminal draws the QR code on a terminal, and standard output is not one. Use --json for the QR code&apos;s text.</source>
        <translation>sign-in --terminal 把二维码画在终端里，但标准输出不是终端。请用 --json 获取二维码的文本。</translation>
    </message>
    <message>
        <source>Signed in, but the session could not be stored.</source>
        <translation>已登录，但会话无法保存。</translation>
    </message>
    <message>
        <source>Nobody signed in within --timeout.</source>
        <translation>在 --timeout 规定的时间内没有人登录。</translation>
    </message>
    <message>
        <source>The QR code expired: nobody scanned it. Run the command again.</source>
        <translation>二维码已过期：没有人扫码。请重新运行该命令。</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>已取消登录。</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>登录失败：%1</translation>
    </message>
    <message>
        <source>The QR code is being renewed…</source>
        <translation>正在更新二维码……</translation>
    </message>
    <message>
        <source>Loading WeChat&apos;s QR code…</source>
        <translation>正在加载微信二维码……</translation>
    </message>
    <message>
        <source>Waiting for a scan: open WeChat on your phone and scan the QR code.</source>
        <translation>等待扫码：请打开手机微信扫描二维码。</translation>
    </message>
    <message>
        <source>Scanned: confirm the sign-in on your phone.</source>
        <translation>已扫码：请在手机上确认登录。</translation>
    </message>
    <message>
        <source>Cancelled on the phone. Scan the QR code again to sign in.</source>
        <translation>已在手机上取消。再次扫描二维码即可登录。</translation>
    </message>
    <message>
        <source>The QR code expired. Press Enter for a new one.</source>
        <translation>二维码已过期。按回车键获取新的二维码。</translation>
    </message>
    <message>
        <source>The QR code expired.</source>
        <translation>二维码已过期。</translation>
    </message>
    <message>
        <source>Confirmed on the phone: signing in…</source>
        <translation>已在手机上确认：正在登录……</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>已登录。</translation>
    </message>
    <message>
        <source>Sign-in failed.</source>
        <translation>登录失败。</translation>
    </message>
    <message>
        <source>Ctrl-C cancels.</source>
        <translation>按 Ctrl-C 取消。</translation>
    </message>
    <message>
        <source>Sign in with WeChat: scan this QR code with WeChat on your phone.</source>
        <translation>微信登录：请用手机微信扫描这个二维码。</translation>
    </message>
</context>
<context>
    <name>WeChatLogin::Verbs</name>
    <message>
        <source>Not signed in: %1</source>
        <translation>未登录：%1</translation>
    </message>
    <message>
        <source>Not signed in. Run &quot;wechat-login sign-in&quot; first.</source>
        <translation>未登录。请先运行“wechat-login sign-in”。</translation>
    </message>
    <message numerus="yes">
        <source>%1 (in %n minute(s))</source>
        <translation>
            <numerusform>%1（%n 分钟后）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n minute(s) ago)</source>
        <translation>
            <numerusform>%1（%n 分钟前）</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>已登录：%1（%2）</translation>
    </message>
    <message>
        <source>(no nickname)</source>
        <translation>（无昵称）</translation>
    </message>
    <message>
        <source>User ID: %1</source>
        <translation>用户 ID：%1</translation>
    </message>
    <message>
        <source>Access token expires: %1</source>
        <translation>访问令牌到期：%1</translation>
    </message>
    <message>
        <source>Stored in: the system keychain</source>
        <translation>保存位置：系统钥匙串</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <source>the in-process sandbox</source>
        <translation>进程内沙盒</translation>
    </message>
    <message>
        <source>Offline: the server could not be reached; the session is kept.</source>
        <translation>离线：无法连接服务器；会话已保留。</translation>
    </message>
    <message>
        <source>Offline: the access token has expired and could not be refreshed: %1</source>
        <translation>离线：访问令牌已过期，且无法刷新：%1</translation>
    </message>
    <message>
        <source>Signed out: %1</source>
        <translation>已退出登录：%1</translation>
    </message>
    <message>
        <source>Sign-out failed: %1</source>
        <translation>退出登录失败：%1</translation>
    </message>
    <message>
        <source>Signed out on every device.</source>
        <translation>已在所有设备上退出登录。</translation>
    </message>
    <message>
        <source>Signed out on this device.</source>
        <translation>已在本设备上退出登录。</translation>
    </message>
    <message>
        <source>The server could not be told: %1</source>
        <translation>未能通知服务器：%1</translation>
    </message>
    <message>
        <source>Sandbox mode: no real WeChat account is involved.</source>
        <translation>沙盒模式：不涉及真实的微信帐号。</translation>
    </message>
    <message>
        <source>Play the phone: open %1 in a browser.</source>
        <translation>模拟手机：在浏览器中打开 %1。</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>已取消登录。</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>登录失败：%1</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>已登录：%1。</translation>
    </message>
    <message>
        <source>No answer in time (--timeout): the server or the keychain did not answer; the session is kept.</source>
        <translation>未能及时得到响应（--timeout）：服务器或钥匙串没有应答；登录会话已保留。</translation>
    </message>
    <message>
        <source>Stored in: memory only (%1)</source>
        <translation>保存位置：仅内存（%1）</translation>
    </message>
    <message>
        <source>The saved session could not be read; every part of it was removed.</source>
        <translation>无法读取已保存的会话；其所有部分均已删除。</translation>
    </message>
    <message>
        <source>The other devices may still be signed in: without a readable session the server cannot be told.</source>
        <translation>其他设备可能仍处于登录状态：没有可读的会话，无法通知服务器。</translation>
    </message>
    <message>
        <source>The other devices may still be signed in: the server did not confirm the sign-out: %1</source>
        <translation>其他设备可能仍处于登录状态：服务器未确认退出登录：%1</translation>
    </message>
    <message>
        <source>The server issues access tokens valid for %1 s, less than --min-ttl %2.</source>
        <translation>服务器签发的访问令牌有效期为 %1 秒，少于 --min-ttl %2。</translation>
    </message>
    <message>
        <source>No completion for &quot;%1&quot;: the shells are bash, zsh and fish.</source>
        <translation>没有“%1”的补全脚本：支持的 shell 为 bash、zsh 和 fish。</translation>
    </message>
    <message>
        <source>Access token refreshed.</source>
        <translation>访问令牌已刷新。</translation>
    </message>
    <message>
        <source>Profile updated: %1.</source>
        <translation>资料已更新：%1。</translation>
    </message>
    <message>
        <source>The keychain can be used again.</source>
        <translation>钥匙串已可再次使用。</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>离线：%1</translation>
    </message>
    <message>
        <source>Online again.</source>
        <translation>已重新联网。</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>未登录。</translation>
    </message>
    <message>
        <source>The system keychain could not be reached, so the session could not be read or saved; nothing was changed. Check that the keyring service (gnome-keyring or KWallet) is running, then try again.</source>
        <translation>无法连接系统钥匙串，因此无法读取或保存会话；没有做任何更改。请确认钥匙串服务（gnome-keyring 或 KWallet）正在运行，然后重试。</translation>
    </message>
    <message>
        <source>The server issues access tokens valid for %1 s: --min-ttl %2 can never be met. Ask for less than %1.</source>
        <translation>服务器签发的访问令牌有效期为 %1 秒：--min-ttl %2 永远无法满足。请指定小于 %1 的值。</translation>
    </message>
    <message>
        <source>the system keychain is locked</source>
        <translation>系统钥匙串已锁定</translation>
    </message>
    <message>
        <source>the system keychain could not be reached</source>
        <translation>无法连接系统钥匙串</translation>
    </message>
    <message>
        <source>Signed in as %1, but the session could not be stored (%2) and was ended on the server again: nothing is left signed in. Run &quot;wechat-login sign-in&quot; again once the keychain works.</source>
        <translation>已登录为 %1，但会话无法保存（%2），因此已在服务器上再次结束：没有留下任何登录状态。钥匙串可用后，请重新运行“wechat-login sign-in”。</translation>
    </message>
    <message>
        <source>Signed in as %1, but the session could not be stored (%2), and ending it on the server failed too (%3): it stays valid there until &quot;wechat-login sign-out --all&quot; is run from a signed-in device.</source>
        <translation>已登录为 %1，但会话无法保存（%2），在服务器上结束它也失败了（%3）：在某台已登录的设备上运行“wechat-login sign-out --all”之前，它在服务器上一直有效。</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>未能及时响应</translation>
    </message>
    <message>
        <source>Open this address in a browser on this computer to sign in:</source>
        <translation>请在这台电脑上的浏览器中打开这个地址来登录：</translation>
    </message>
    <message>
        <source>Your browser was opened: sign in there (scan the QR with WeChat), then come back here. If it did not open, open this address by hand:</source>
        <translation>已打开浏览器：请在浏览器中登录（用微信扫码），然后回到这里。如果浏览器没有打开，请手动打开这个地址：</translation>
    </message>
    <message>
        <source>The browser could not be opened (%1). Open this address in a browser on this computer:</source>
        <translation>无法打开浏览器（%1）。请在这台电脑上的浏览器中打开这个地址：</translation>
    </message>
    <message>
        <source>The browser came back: finishing the sign-in…</source>
        <translation>浏览器已返回：正在完成登录……</translation>
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
                   keychain, offline), also other processes&apos;, until interrupted.
  sign-out [--all] Sign out on this device, or on every device with --all.
  doctor [--json]  Check the set-up (server, redirect URL, clock, keychain, proxy,
                   sign-in page); exit 0 when everything needed works.
  completion SHELL Print the completion script for bash, zsh or fish.
Exit codes: 0 done, 1 signed out (or cancelled, failed), 2 bad usage or settings, 3 the server could not be reached or no answer in time (--timeout), 4 the keychain is locked or unavailable.</source>
        <translation>命令（不带命令：打开窗口）：
  sign-in [--browser [--no-open] | --terminal [--qr-style STYLE] [--json] | --window]
                   打开登录对话框、在你自己的浏览器中登录，或扫描画在这个终端里的
                   二维码（没有图形界面时的默认方式）；登录并保存后以 0 退出。
  status [--json]  谁已登录、到何时为止；无人登录时以 1 退出。
  token [--min-ttl SECONDS] [--json]
                   输出一个有效的访问令牌（需要时先刷新），不输出其他内容。
  session --json   以 JSON 输出已保存的会话（包含令牌）。
  watch [--json]   每个会话事件一行（登录、刷新、退出登录、钥匙串、离线），
                   包括其他进程的事件，直到被中断。
  sign-out [--all] 在本设备上退出登录；加 --all 则在所有设备上退出。
  doctor [--json]  检查设置（服务器、重定向 URL、时钟、钥匙串、代理、登录页面）；
                   一切必需的都正常时以 0 退出。
  completion SHELL 输出 bash、zsh 或 fish 的补全脚本。
退出码：0 完成，1 未登录（或已取消、失败），2 用法或设置错误，3 无法连接服务器或未能及时响应（--timeout），4 钥匙串已锁定或不可用。</translation>
    </message>
    <message>
        <source>Nothing here can show the sign-in: there is no display, and standard output is not a terminal. Run &quot;wechat-login sign-in&quot; in a terminal or on a desktop, or use --json to get the QR code&apos;s text, or --browser --no-open for an address to open.</source>
        <translation>这里无法显示登录：没有图形界面，标准输出也不是终端。请在终端或桌面上运行“wechat-login sign-in”，或用 --json 获取二维码的文本，或用 --browser --no-open 获取要打开的地址。</translation>
    </message>
    <message>
        <source>sign-in --terminal draws the QR code on a terminal, and standard output is not one. Use --json for the QR code&apos;s text.</source>
        <translation>sign-in --terminal 把二维码画在终端里，但标准输出不是终端。请用 --json 获取二维码的文本。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run &quot;wechat-login --help&quot; for usage.</source>
        <translation>运行“wechat-login --help”查看用法。</translation>
    </message>
    <message>
        <source>Sign in with WeChat (MemFire Auth), keep the session in the system keychain, and hand access tokens to scripts. With nothing configured it runs against a built-in sandbox.</source>
        <translation>用微信登录（MemFire 认证），把会话保存在系统钥匙串中，并为脚本提供访问令牌。未做任何配置时使用内置沙盒。</translation>
    </message>
    <message>
        <source>sign-out: sign out on every device.</source>
        <translation>sign-out：在所有设备上退出登录。</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>多余的参数：%1</translation>
    </message>
    <message>
        <source>Unknown command: %1</source>
        <translation>未知命令：%1</translation>
    </message>
    <message>
        <source>--all only applies to sign-out.</source>
        <translation>--all 只适用于 sign-out。</translation>
    </message>
    <message>
        <source>Commands: give up after this many seconds and exit 3 (default %1).</source>
        <translation>命令：超过此秒数则放弃并以 3 退出（默认 %1）。</translation>
    </message>
    <message>
        <source>--timeout needs a positive number of seconds, not &quot;%1&quot;.</source>
        <translation>--timeout 需要一个正的秒数，而不是“%1”。</translation>
    </message>
    <message>
        <source>token: refresh first when the access token has less than this many seconds left.</source>
        <translation>token：访问令牌剩余有效期少于这么多秒时先刷新。</translation>
    </message>
    <message>
        <source>completion needs one shell: bash, zsh or fish.</source>
        <translation>completion 需要指定一个 shell：bash、zsh 或 fish。</translation>
    </message>
    <message>
        <source>--min-ttl only applies to token.</source>
        <translation>--min-ttl 只适用于 token。</translation>
    </message>
    <message>
        <source>--min-ttl needs a whole number of seconds from 0 to 86400, not &quot;%1&quot;.</source>
        <translation>--min-ttl 需要 0 到 86400 之间的整数秒数，而不是“%1”。</translation>
    </message>
    <message>
        <source>sign-in: in your own browser instead of the dialog (no display needed to start it).</source>
        <translation>sign-in：在你自己的浏览器中登录，而不是用登录对话框（启动时不需要图形界面）。</translation>
    </message>
    <message>
        <source>sign-in --browser: only print the address to open, do not start a browser.</source>
        <translation>sign-in --browser：只输出要打开的地址，不启动浏览器。</translation>
    </message>
    <message>
        <source>--browser and --no-open only apply to sign-in.</source>
        <translation>--browser 和 --no-open 只适用于 sign-in。</translation>
    </message>
    <message>
        <source>status, token, session, doctor: print one JSON document (schema 1); watch and sign-in --terminal: one per event.</source>
        <translation>status、token、session、doctor：输出一个 JSON 文档（schema 1）；watch 和 sign-in --terminal：每个事件一个。</translation>
    </message>
    <message>
        <source>sign-in: draw WeChat&apos;s QR code in this terminal (chosen by itself when there is no display).</source>
        <translation>sign-in：把微信二维码画在这个终端里（没有图形界面时自动选用）。</translation>
    </message>
    <message>
        <source>sign-in: the dialog, even when there is no display.</source>
        <translation>sign-in：使用登录对话框，即使没有图形界面。</translation>
    </message>
    <message>
        <source>sign-in --terminal: how the QR code is drawn: half (default), blocks, or ascii (no colour, no UTF-8; dark text on a light background).</source>
        <translation>sign-in --terminal：二维码的画法：half（默认）、blocks，或 ascii（无颜色、无 UTF-8；需要浅色背景上的深色文字）。</translation>
    </message>
    <message>
        <source>--terminal, --window and --qr-style only apply to sign-in.</source>
        <translation>--terminal、--window 和 --qr-style 只适用于 sign-in。</translation>
    </message>
    <message>
        <source>Choose one way to sign in: --terminal, --window or --browser.</source>
        <translation>请只选择一种登录方式：--terminal、--window 或 --browser。</translation>
    </message>
    <message>
        <source>--qr-style only applies to sign-in --terminal.</source>
        <translation>--qr-style 只适用于 sign-in --terminal。</translation>
    </message>
    <message>
        <source>--qr-style is one of %1, not &quot;%2&quot;.</source>
        <translation>--qr-style 只能是 %1 之一，而不是“%2”。</translation>
    </message>
    <message>
        <source>--json only applies to status, token, session, watch, doctor and sign-in --terminal.</source>
        <translation>--json 只适用于 status、token、session、watch、doctor 和 sign-in --terminal。</translation>
    </message>
    <message>
        <source>The window needs a display, and there is none here (no DISPLAY or WAYLAND_DISPLAY, e.g. over ssh). To sign in from this terminal, run &quot;wechat-login sign-in&quot;.</source>
        <translation>窗口需要图形界面，而这里没有（没有 DISPLAY 或 WAYLAND_DISPLAY，例如通过 ssh 登录时）。要在这个终端里登录，请运行“wechat-login sign-in”。</translation>
    </message>
    <message>
        <source>--window needs a display, and there is none here (no DISPLAY or WAYLAND_DISPLAY, e.g. over ssh). Without --window, sign-in draws the QR code in this terminal.</source>
        <translation>--window 需要图形界面，而这里没有（没有 DISPLAY 或 WAYLAND_DISPLAY，例如通过 ssh 登录时）。不加 --window 时，sign-in 会把二维码画在这个终端里。</translation>
    </message>
</context>
</TS>
