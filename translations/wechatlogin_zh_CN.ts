<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>No system keychain is available, so you will stay signed in only until the application closes.</source>
        <translation>系统钥匙串不可用，登录状态只会保持到应用关闭。</translation>
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
</context>
</TS>
