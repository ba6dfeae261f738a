/* SPDX-License-Identifier: BSD-3-Clause */
/* The QR page's long poll, the state machine of WeChat's own page (docs/PROTOCOL.md 3). */
(function () {
    "use strict";
    var cfg = window.wxLoginConfig;

    function all(selector) {
        return Array.prototype.slice.call(document.querySelectorAll(selector));
    }
    function show(block) {
        all(".js_status").forEach(function (el) {
            el.style.display = el.getAttribute("data-block") === block ? "" : "none";
        });
    }
    function redirect(code) {
        var url = cfg.redirectUri + (cfg.redirectUri.indexOf("?") > -1 ? "&" : "?") +
            "code=" + encodeURIComponent(code) + "&state=" + encodeURIComponent(cfg.state);
        if (cfg.selfRedirect) {
            window.location.href = url;
        } else {
            window.top.location.href = url;
        }
    }
    function handle(errcode, code) {
        switch (errcode) {
        case 405:
            redirect(code);
            break;
        case 404:
            show("scan");
            setTimeout(function () { poll(404); }, 100);
            break;
        case 403:
            show("cancel");
            setTimeout(function () { poll(403); }, 2000);
            break;
        case 402:
        case 500:
            window.location.reload();
            break;
        default: /* 408: nothing new */
            setTimeout(function () { poll(); }, 2000);
        }
    }
    function poll(last) {
        var script = document.createElement("script");
        var done = false;
        function finish(loaded) {
            if (done) {
                return;
            }
            done = true;
            if (script.parentNode) {
                script.parentNode.removeChild(script);
            }
            if (loaded) {
                handle(window.wx_errcode, window.wx_code);
            } else {
                setTimeout(function () { poll(last); }, 2000);
            }
        }
        window.wx_errcode = undefined;
        window.wx_code = undefined;
        script.type = "text/javascript";
        script.src = fordevtool + (last ? "&last=" + last : "") + "&_=" + Date.now();
        script.onload = function () { finish(true); };
        script.onerror = function () { finish(false); };
        setTimeout(function () { finish(false); }, 60000);
        document.getElementsByTagName("head")[0].appendChild(script);
    }
    all(".js_refresh_qrcode").forEach(function (el) {
        el.addEventListener("click", function (event) {
            event.preventDefault();
            window.location.reload();
        });
    });
    /* After the load event: a pending <script> would otherwise hold the page "loading" for a whole poll. */
    if (document.readyState === "complete") {
        poll();
    } else {
        window.addEventListener("load", function () { poll(); });
    }
}());
