/*
 * wecom4j emulator: the WeixinJSBridge that the WeCom client injects into each page it opens,
 * written for the emulator; not Tencent's code. Tencent's SDKs (@wecom/jssdk, jweixin) run on it
 * unmodified: each invoke goes to the emulator, which answers as the client does (preVerifyJSAPI
 * and agentConfig checked against the tickets it issued and this page's real URL, later calls
 * against a successful one of them). Served only to pages whose user agent has "wxwork/<version>".
 */
(function (global, document) {
  'use strict';
  if (global.WeixinJSBridge) {
    return;
  }
  var PAGE = '__WECOM4J_PAGE__';
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : '';
  var handlers = {};
  var polling = false;

  function later(fn, arg) {
    setTimeout(function () { fn(arg); }, 0);
  }

  function invoke(name, params, callback) {
    var body = {page: PAGE, href: global.location.href, name: String(name), params: params || {}};
    // text/plain keeps this a "simple" cross-origin request: no preflight.
    fetch(origin + '/_emulator/jssdk/bridge/invoke', {
      method: 'POST', headers: {'Content-Type': 'text/plain;charset=UTF-8'}, body: JSON.stringify(body)
    })
      .then(function (r) { return r.json(); })
      .catch(function (e) { return {err_msg: name + ':fail', emulator_hint: 'emulator unreachable (' + e + ')'}; })
      .then(function (res) {
        if (typeof callback === 'function') {
          callback(res);
        }
      });
  }

  // Events (a test fires them through POST /_emulator/jssdk/events) come by long poll.
  function poll(after, failures) {
    fetch(origin + '/_emulator/jssdk/bridge/events?page=' + PAGE + '&after=' + after)
      .then(function (r) { return r.status === 404 ? null : r.json(); })
      .then(function (body) {
        if (!body) {
          polling = false; // the emulator forgot this page (reset): nothing more will come
          return;
        }
        var next = after;
        (body.events || []).forEach(function (e) {
          next = Math.max(next, e.seq);
          var handler = handlers[e.name];
          if (typeof handler === 'function') {
            later(handler, e.data);
          }
        });
        poll(next, 0);
      })
      .catch(function () {
        if (failures < 30) {
          setTimeout(function () { poll(after, failures + 1); }, 1000);
        } else {
          polling = false;
        }
      });
  }

  function on(name, callback) {
    handlers[String(name)] = callback; // one handler per event, the last one set
    if (!polling) {
      polling = true;
      poll(0, 0);
    }
  }

  global.WeixinJSBridge = {
    invoke: invoke,
    call: function (name, params) { invoke(name, params); },
    on: on
  };
  // The client injects the bridge after the page started and announces it with this event.
  setTimeout(function () { document.dispatchEvent(new Event('WeixinJSBridgeReady')); }, 0);
})(window, document);
