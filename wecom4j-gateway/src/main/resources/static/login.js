'use strict';
// Asks the gateway who is logged in (/api/me); the page never sees a code, a ticket or the session id.

async function whoAmI() {
  const me = document.getElementById('me');
  const logout = document.getElementById('logout-form');
  try {
    const res = await fetch('/api/me', {credentials: 'same-origin', headers: {Accept: 'application/json'}});
    const body = await res.json();
    if (body.loggedIn) {
      const how = body.via === 'oauth2' ? 'OAuth2 in the WeCom client' : 'QR code';
      me.textContent = `Logged in as ${body.name} (${body.userId}) via ${how}, app ${body.agentId}`
        + (body.email ? `, ${body.email}` : '');
      logout.hidden = false;
    } else {
      me.textContent = 'Not logged in.';
      logout.hidden = true;
    }
  } catch (e) {
    me.textContent = 'Could not ask the gateway: ' + e;
  }
}

whoAmI();
