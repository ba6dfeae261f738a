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
