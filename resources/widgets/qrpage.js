/* SPDX-License-Identifier: BSD-3-Clause */
/* Injected by LoginWidget into every page of the sign-in view, in its own JavaScript
   world: restyles WeChat's QR page and reports what the page shows through console
   messages carrying a per-widget nonce (the page's own scripts cannot see it). */
(function () {
    "use strict";
    var nonce = "@NONCE@";
    function report(kind, detail) {
        console.log("wechatlogin:" + nonce + ":" + kind + (detail ? ":" + detail : ""));
    }
    var qr = document.querySelector("img.js_qrcode_img, img.web_qrcode_img, img.qrcode");
    var html = document.documentElement.innerHTML;
    var isQrPage = !!qr && (html.indexOf("fordevtool") >= 0 ||
                            (qr.getAttribute("src") || "").indexOf("/connect/qrcode/") >= 0);
    if (!isQrPage) {
        var weui = document.querySelector(".weui_msg_title");
        if (weui) {
            report("wechat-error", weui.textContent.trim());
        } else {
            report("other", (document.body ? document.body.innerText : "").slice(0, 2000));
        }
        return;
    }
    var style = document.createElement("style");
    style.textContent = @CSS@;
    document.head.appendChild(style);
    var root = document.documentElement;
    root.classList.add("wechatlogin");
    root.style.setProperty("--wl-bg", "@BG@");
    root.style.setProperty("--wl-fg", "@FG@");
    root.style.setProperty("--wl-qr", "min(200px, calc(100vh - 64px), calc(100vw - 32px))");

    function shown(selector) {
        var el = document.querySelector(selector);
        return !!el && el.style.display !== "none" && !el.hidden;
    }
    var last = "";
    function check() {
        var status = shown("#wx_after_scan, .js_wx_after_scan") ? "scanned"
                   : shown("#wx_after_cancel, .js_wx_after_cancel") ? "cancelled" : "waiting";
        if (status !== last) {
            last = status;
            report("status", status);
        }
    }
    // "qr" means fitted and painted: the widget uncovers the view only then, so nobody
    // sees the page's own styling. A visible page paints the fitted frame within two
    // animation frames; a hidden one paints nothing until it is shown, fitted already.
    function fitted(then) {
        if (document.visibilityState !== "visible") {
            then();
            return;
        }
        requestAnimationFrame(function () { requestAnimationFrame(then); });
    }
    function ready() {
        fitted(function () {
            report("qr");
            check();
            new MutationObserver(check).observe(document.body, {
                subtree: true, attributes: true, attributeFilter: ["style", "class", "hidden"]
            });
        });
    }
    if (qr.complete && qr.naturalWidth > 0) {
        ready();
    } else {
        qr.addEventListener("load", ready);
        qr.addEventListener("error", function () { report("qr-error"); });
    }
}());
