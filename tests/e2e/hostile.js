/* SPDX-License-Identifier: BSD-3-Clause */
/* A hostile page's scripts, for tst_logincontainment: everything a third-party script on
   a trusted sign-in page might try, without any click. wechatloginHostile(cfg) runs in the
   main frame's own world and spreads the same attacks into every kind of sub-frame; each
   frame reports "done" to cfg.report (the test's server) when it has tried everything.
   cfg: {report, external, redirect, redirectWs, goTrueCallback, trustedFrame, source} */

function wechatloginAttack(tag, cfg) {
    "use strict";
    function report(what) {
        navigator.sendBeacon(cfg.report + "?tag=" + tag + "&" + what);
    }
    function link(path, target) {
        var a = document.createElement("a");
        a.href = cfg.external + "/" + path + "-" + tag;
        if (target) {
            a.target = target;
        }
        a.textContent = path;
        (document.body || document.documentElement).appendChild(a);
        return a;
    }
    var forged = cfg.redirect + "?code=forged-" + tag;
    var steps = [
        // The system browser, without a click.
        function () { location.href = cfg.external + "/scripted-" + tag; },
        function () { link("a-click").click(); },
        function () { link("blank-click", "_blank").click(); },
        function () { report("open=" + (window.open(cfg.external + "/open-" + tag) === null)); },
        function () {
            link("synthetic").dispatchEvent(
                new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
        },
        function () { top.location.href = cfg.external + "/top-" + tag; },
        // The redirect URL, by every kind of request.
        function () { navigator.sendBeacon(forged + "-beacon", "x"); },
        function () { fetch(forged + "-fetch", {mode: "no-cors"}).catch(function () {}); },
        function () {
            var xhr = new XMLHttpRequest();
            xhr.open("GET", forged + "-xhr");
            xhr.send();
        },
        function () { new Image().src = forged + "-img"; },
        function () {
            var style = document.createElement("link");
            style.rel = "stylesheet";
            style.href = forged + "-css";
            (document.head || document.documentElement).appendChild(style);
        },
        function () {
            try {
                new WebSocket(cfg.redirectWs + "?code=forged-" + tag + "-ws");
            } catch (e) { /* refused: fine */ }
        },
        function () {
            fetch(cfg.goTrueCallback + "?code=forged-" + tag + "&state=forged",
                  {mode: "no-cors"}).catch(function () {});
        },
        function () { location.href = forged + "-location"; },
        function () { top.location.href = forged + "-top"; },
        // Dialogs and prompts: none may show or block.
        function () {
            var confirmed = confirm("Leave?");
            var answer = prompt("Your name?", "x");
            alert("Hello");
            report("dialogs=" + confirmed + "-" + answer);
        },
        function () {
            if (navigator.clipboard && navigator.clipboard.readText) {
                navigator.clipboard.readText().then(function () { report("clipboard=read"); },
                                                    function () { report("clipboard=refused"); });
            } else {
                report("clipboard=unavailable");
            }
        },
        function () { report("done=1"); }
    ];
    var i = 0;
    (function next() {
        if (i < steps.length) {
            try {
                steps[i++]();
            } catch (e) { /* the next one */ }
            setTimeout(next, 25);
        }
    }());
}

function wechatloginHostile(cfg) {
    "use strict";
    function run(tag) {
        return cfg.source + "\nwechatloginAttack(" + JSON.stringify(tag) + ", " +
               JSON.stringify(cfg) + ");";
    }
    function frame(setUp) {
        var iframe = document.createElement("iframe");
        setUp(iframe);
        document.body.appendChild(iframe);
        return iframe;
    }
    function script(tag) {
        return "<script>" + run(tag) + "<\/script>";
    }
    frame(function (f) { f.srcdoc = script("srcdoc"); });
    frame(function (f) { f.src = "data:text/html," + encodeURIComponent(script("data")); });
    frame(function (f) {
        f.setAttribute("sandbox", "allow-scripts allow-popups allow-top-navigation");
        f.srcdoc = script("sandboxed");
    });
    frame(function (f) { f.src = cfg.trustedFrame; });
    frame(function (f) { f.src = cfg.external + "/untrusted-frame"; });
    var blank = frame(function (f) { f.src = "about:blank"; });
    blank.contentWindow.eval(run("blank"));
    wechatloginAttack("main", cfg);
}
