/* SPDX-License-Identifier: BSD-3-Clause */
/* Injected by LoginWidget at document creation, in its own JavaScript world, in the main
   frame only: reports a link the person really clicked (event.isTrusted: a script cannot
   forge it) with the per-widget nonce, once the click's default action stands. The widget
   opens such a link in the system browser; every other off-list navigation is refused. */
(function () {
    "use strict";
    var nonce = "@NONCE@";
    window.addEventListener("click", function (event) {
        if (!event.isTrusted || event.button !== 0) {
            return;
        }
        var node = event.target;
        var link = node && node.nodeType === 1 ? node.closest("a[href], area[href]") : null;
        var href = link && typeof link.href === "string" ? link.href : "";
        if (!href) {
            return;
        }
        // After the page's own handlers: a click the page cancelled opens nothing.
        setTimeout(function () {
            if (!event.defaultPrevented) {
                console.log("wechatlogin:" + nonce + ":click:" + href);
            }
        }, 0);
    }, true);
}());
