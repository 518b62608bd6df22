/*
 * wecom4j emulator: a stand-in for WeCom's JS-SDK (jweixin-1.2.0.js + jwxwork-1.0.0.js), written for
 * the emulator; not Tencent's code. It checks wx.config / wx.agentConfig like the WeCom client does:
 * the signature is recomputed by the emulator with the ticket it issued and the page's real URL
 * (location.href without '#...'), and the answer is WeCom's errMsg ("config:ok",
 * "config:invalid signature", ...). A few harmless APIs work once permitted by jsApiList.
 */
(function (global) {
  'use strict';
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : '';
  var verifyUrl = origin + '/_emulator/jssdk/verify';
  var supported = ['checkJsApi', 'getNetworkType', 'hideOptionMenu', 'showOptionMenu', 'closeWindow'];
  var configState = 'idle';
  var configError = null;
  var readyFns = [];
  var errorFns = [];
  var granted = {};

  function later(fn) {
    setTimeout(fn, 0);
  }

  function call(fn, arg) {
    if (typeof fn === 'function') {
      try {
        fn(arg);
      } catch (e) {
        later(function () { throw e; });
      }
    }
  }

  function verify(api, cfg) {
    var body = {
      api: api,
      href: global.location.href,
      appId: cfg.appId,
      corpid: cfg.corpid,
      agentid: cfg.agentid,
      timestamp: cfg.timestamp,
      nonceStr: cfg.nonceStr,
      signature: cfg.signature
    };
    // text/plain keeps this a "simple" CORS request: no preflight needed.
    return fetch(verifyUrl, {method: 'POST', headers: {'Content-Type': 'text/plain;charset=UTF-8'}, body: JSON.stringify(body)})
      .then(function (r) { return r.json(); })
      .catch(function (e) { return {errMsg: api + ':fail, emulator unreachable (' + e + ')'}; });
  }

  function grant(list) {
    (list || []).forEach(function (name) { granted[name] = true; });
  }

  function permitted(name, result) {
    return function (opts) {
      opts = opts || {};
      later(function () {
        var res;
        if (!granted[name]) {
          res = {errMsg: name + ':permission denied'};
          call(opts.fail, res);
        } else {
          res = result();
          res.errMsg = name + ':ok';
          call(opts.success, res);
        }
        call(opts.complete, res);
      });
    };
  }

  var wx = {
    emulated: true,
    config: function (cfg) {
      cfg = cfg || {};
      configState = 'pending';
      verify('config', cfg).then(function (res) {
        if (res.errMsg === 'config:ok') {
          configState = 'ok';
          grant(cfg.jsApiList);
          readyFns.splice(0).forEach(function (fn) { call(fn); });
        } else {
          configState = 'failed';
          configError = {errMsg: res.errMsg};
          errorFns.splice(0).forEach(function (fn) { call(fn, configError); });
        }
      });
    },
    ready: function (fn) {
      if (configState === 'ok') {
        later(function () { call(fn); });
      } else {
        readyFns.push(fn);
      }
    },
    error: function (fn) {
      if (configState === 'failed') {
        later(function () { call(fn, configError); });
      } else {
        errorFns.push(fn);
      }
    },
    agentConfig: function (cfg) {
      cfg = cfg || {};
      verify('agentConfig', cfg).then(function (res) {
        if (res.errMsg === 'agentConfig:ok') {
          grant(cfg.jsApiList);
          call(cfg.success, {errMsg: res.errMsg});
        } else {
          call(cfg.fail, {errMsg: res.errMsg});
        }
      });
    },
    checkJsApi: function (opts) {
      opts = opts || {};
      var result = {};
      (opts.jsApiList || []).forEach(function (name) { result[name] = supported.indexOf(name) >= 0; });
      later(function () { call(opts.success, {checkResult: result, errMsg: 'checkJsApi:ok'}); });
    },
    getNetworkType: permitted('getNetworkType', function () { return {networkType: 'wifi'}; }),
    hideOptionMenu: permitted('hideOptionMenu', function () { return {}; }),
    showOptionMenu: permitted('showOptionMenu', function () { return {}; }),
    closeWindow: permitted('closeWindow', function () { return {}; })
  };

  global.wx = wx;
  global.jWeixin = wx;
})(window);
