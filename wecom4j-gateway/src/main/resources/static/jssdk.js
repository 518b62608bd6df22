'use strict';
// Demo of the gateway's JS-SDK endpoints with Tencent's official @wecom/jssdk (global `ww`), used as
// its README says: ww.register with signature callbacks, then ww.* calls. The SDK signs
// location.href without its fragment (doc 90506) and signs again after the URL changed.

const JS_API_LIST = ['getContext', 'checkJsApi', 'getNetworkType'];
const params = new URLSearchParams(location.search);
const mistake = params.get('mistake');
const identity = params.get('identity') === 'corp' ? 'corp' : 'app';
const BRIDGE_WAIT_MS = 5000;
const signed = {}; // 'config' | 'agentConfig' -> what the page last signed for it
let signatures = 0;
let setup;

function text(id, value, cls) {
  const el = document.getElementById(id);
  el.textContent = value;
  if (cls !== undefined) el.className = cls;
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json();
  if (!res.ok) throw new Error(`errcode ${body.errcode}: ${body.errmsg} — ${body.hint}`);
  return body;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error('cannot load ' + src));
    document.head.appendChild(s);
  });
}

// The WeCom version in the user agent, as the SDK reads it; compared segment by segment.
function wecomVersion() {
  const m = navigator.userAgent.match(/wxwork\/([\d.]+)/i);
  return m ? m[1] : null;
}

function versionBefore(v, than) {
  const a = v.split('.'), b = than.split('.');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = parseInt(a[i]) || 0, y = parseInt(b[i]) || 0;
    if (x !== y) return x < y;
  }
  return false;
}

// What ww.register's getConfigSignature / getAgentConfigSignature return: the gateway's payload as is
// (the SDK reads timestamp, nonceStr and signature). `?mistake=` makes it wrong on purpose.
async function sign(kind, url) {
  const corpTicket = (kind === 'config') !== (mistake === 'ticket');
  const signUrl = mistake === 'url' ? url.split('?')[0] : url;
  const q = encodeURIComponent(signUrl);
  const payload = await getJson(corpTicket ? `/api/jssdk/config?url=${q}`
    : `/api/jssdk/agent-config?url=${q}&agentId=${setup.agentId}`);
  signed[kind] = {url: signUrl, timestamp: payload.timestamp, nonceStr: payload.nonceStr, signature: payload.signature};
  signatures++;
  text('signed-url', signUrl);
  text('signatures', String(signatures));
  return payload;
}

// Asks the gateway why the SDK reported errMsg, sending the signature it is about: the config the
// errMsg names, or for a refused call the config whose signature the call carried.
async function diagnose(prefix, errMsg) {
  const kind = errMsg.startsWith('agentConfig:') ? 'agentConfig'
    : errMsg.startsWith('preVerifyJSAPI:') ? 'config'
      : signed.agentConfig ? 'agentConfig' : 'config';
  const used = signed[kind];
  if (!used) return;
  try {
    const d = await getJson('/api/jssdk/diagnose', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({api: kind, errMsg, url: location.href, signedUrl: used.url, timestamp: used.timestamp,
        nonceStr: used.nonceStr, signature: used.signature, agentId: setup.agentId, jsApiList: JS_API_LIST})
    });
    text(prefix + '-cause', d.cause, 'error');
    text(prefix + '-diagnosis', d.message);
  } catch (e) {
    text(prefix + '-diagnosis', 'diagnosis failed: ' + e.message, 'error');
  }
}

function failed(prefix, err) {
  const errMsg = err && err.errMsg;
  text(prefix + '-status', 'error: ' + (errMsg || (err && err.message) || String(err)), 'error');
  if (errMsg) diagnose(prefix, errMsg);
}

function notRun(why) {
  text('config-status', 'not run: ' + why, '');
  text('agent-status', 'not run: ' + why, '');
}

function callApi(name) {
  text('api-result', 'calling ' + name + '…', '');
  text('api-cause', '—', '');
  text('api-diagnosis', '');
  ww[name]()
    .then(res => text('api-result', res.entry ? `${res.errMsg} (${res.entry})` : res.errMsg, ''))
    .catch(err => {
      text('api-result', (err && err.errMsg) || String(err), 'error');
      if (err && err.errMsg) diagnose('api', err.errMsg);
    });
}

function pushState() {
  const next = new URL(location.href);
  next.searchParams.set('step', String((parseInt(next.searchParams.get('step')) || 1) + 1));
  history.pushState(null, '', next.pathname + next.search + next.hash);
  text('page-url', location.href);
}

async function main() {
  text('page-url', location.href);
  setup = await getJson('/api/jssdk/setup');
  text('mode', setup.emulated ? 'EMULATED WeCom: the emulator plays the WeCom client (WeixinJSBridge)'
    : 'real WeCom: open this page inside the WeCom client', 'mode ' + (setup.emulated ? 'emulated' : 'real'));
  if (!setup.sdkScript) {
    text('sdk', `@wecom/jssdk ${setup.sdkVersion} is not in this build`, 'error');
    notRun('the build could not fetch @wecom/jssdk from registry.npmjs.org (offline?); rebuild with network access');
    return;
  }
  // The WeCom client injects WeixinJSBridge itself; in emulated mode the emulator's script does.
  if (setup.bridgeScript) await loadScript(setup.bridgeScript);
  await loadScript(setup.sdkScript);
  text('sdk', `${ww.SDK_VERSION}, served by the gateway from ${setup.sdkScript}`);

  const version = wecomVersion();
  if (!ww.env.isWeCom) {
    text('env', 'outside WeCom: this browser\'s user agent has no "wxwork/<version>", so there is no WeCom'
      + ' client to configure' + (setup.emulated ? '. To try the emulated client, open the page with a user agent'
      + ' that has one (e.g. Chrome DevTools → Network conditions → "... wxwork/4.1.36")' : ''), 'error');
    notRun('outside WeCom');
    return;
  }
  text('env', 'WeCom ' + version);
  const bridged = await Promise.race([ww.onWeixinJSBridgeReady.then(() => true),
    new Promise(resolve => setTimeout(() => resolve(false), BRIDGE_WAIT_MS))]);
  if (!bridged) {
    text('env', `WeCom ${version} user agent, but no WeixinJSBridge after ${BRIDGE_WAIT_MS / 1000} s:`
      + ' this is not the WeCom client', 'error');
    notRun('no WeixinJSBridge');
    return;
  }

  if (identity === 'corp') {
    text('agent-status', 'not registered (?identity=corp: corp identity only)', '');
  } else if (!versionBefore(version, '3.0.24')) {
    text('config-status', 'not needed: WeCom ≥ 3.0.24 with an agent signature runs agentConfig only', '');
  }
  ww.register({
    corpId: setup.corpId,
    agentId: setup.agentId,
    jsApiList: JS_API_LIST,
    getConfigSignature: url => sign('config', url),
    getAgentConfigSignature: identity === 'app' ? url => sign('agentConfig', url) : undefined,
    onConfigSuccess: res => text('config-status', res.errMsg, ''),
    onConfigFail: err => failed('config', err),
    onAgentConfigSuccess: res => text('agent-status', res.errMsg, ''),
    onAgentConfigFail: err => failed('agent', err)
  });
  ww.onNetworkStatusChange(res => text('network-event', JSON.stringify(res)));
  for (const id of ['get-context', 'hide-menu', 'push-state']) document.getElementById(id).disabled = false;
}

document.getElementById('get-context').addEventListener('click', () => callApi('getContext'));
document.getElementById('hide-menu').addEventListener('click', () => callApi('hideOptionMenu'));
document.getElementById('push-state').addEventListener('click', pushState);

main().catch(e => notRun('setup failed: ' + e.message));
