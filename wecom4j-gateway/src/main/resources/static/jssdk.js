'use strict';
// Demo of the gateway's JS-SDK endpoints. The page signs location.href without its fragment, as
// WeCom requires (doc 90506), and on failure reports what it used to /api/jssdk/diagnose.

const JS_API_LIST = ['checkJsApi', 'getNetworkType'];
const mistake = new URLSearchParams(location.search).get('mistake');

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

async function diagnose(api, used, signedUrl, prefix) {
  try {
    const d = await getJson('/api/jssdk/diagnose', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({api, url: location.href, signedUrl, timestamp: used.timestamp,
        nonceStr: used.nonceStr, signature: used.signature, agentId: used.agentid})
    });
    text(prefix + '-cause', d.cause, 'error');
    text(prefix + '-diagnosis', d.message);
  } catch (e) {
    text(prefix + '-diagnosis', 'diagnosis failed: ' + e.message, 'error');
  }
}

async function main() {
  text('page-url', location.href);
  const setup = await getJson('/api/jssdk/setup');
  text('mode', setup.emulated ? 'EMULATED WeCom: the emulator\'s JS-SDK stand-in checks the signatures'
    : 'real WeCom: open this page inside the WeCom client', 'mode ' + (setup.emulated ? 'emulated' : 'real'));
  for (const src of setup.scripts) await loadScript(src);

  const signedUrl = location.href.split('#')[0];
  text('signed-url', signedUrl);
  const q = encodeURIComponent(signedUrl);
  const config = await getJson('/api/jssdk/config?url=' + q);
  const agent = await getJson('/api/jssdk/agent-config?url=' + q + '&agentId=' + setup.agentId);

  if (mistake === 'query') {
    // What an SPA router does after the page was signed: the real URL no longer matches.
    history.replaceState(null, '', location.pathname + '?mistake=query&step=2' + location.hash);
    text('page-url', location.href);
  }
  const configUsed = mistake === 'ticket'
    ? {appId: config.appId, timestamp: agent.timestamp, nonceStr: agent.nonceStr, signature: agent.signature}
    : config;

  wx.config({beta: true, debug: false, appId: configUsed.appId, timestamp: configUsed.timestamp,
    nonceStr: configUsed.nonceStr, signature: configUsed.signature, jsApiList: JS_API_LIST});
  wx.ready(() => {
    text('config-status', 'ready', '');
    document.getElementById('network').disabled = false;
  });
  wx.error(res => {
    text('config-status', 'error: ' + res.errMsg, 'error');
    diagnose('config', configUsed, signedUrl, 'config');
  });

  wx.agentConfig({corpid: agent.corpid, agentid: agent.agentid, timestamp: agent.timestamp, nonceStr: agent.nonceStr,
    signature: agent.signature, jsApiList: JS_API_LIST,
    success: () => text('agent-status', 'ready', ''),
    fail: res => {
      text('agent-status', 'error: ' + res.errMsg, 'error');
      diagnose('agentConfig', agent, signedUrl, 'agent');
    }});
}

document.getElementById('network').addEventListener('click', () => {
  wx.getNetworkType({
    success: res => text('network-result', `${res.errMsg} (${res.networkType})`, ''),
    fail: res => text('network-result', res.errMsg, 'error')
  });
});

main().catch(e => {
  text('config-status', 'setup failed: ' + e.message, 'error');
  text('agent-status', 'setup failed', 'error');
});
