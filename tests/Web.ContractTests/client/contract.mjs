// Better Auth's official client (npm `better-auth`, pinned in package-lock.json) against a running TenantSessions.
// Usage: TENANTSESSIONS_PORT=5000 node contract.mjs   (run by ../BetterAuthClientContractTests.cs)
// Each "device" is one client with its own cookie jar. Node cannot resolve acme.localhost, so every request goes to
// 127.0.0.1 with the workspace's Host header, and a POST carries the workspace's Origin as a browser's would.
import assert from "node:assert/strict";
import http from "node:http";
import { createAuthClient } from "better-auth/client";
import { adminClient, customSessionClient } from "better-auth/client/plugins";

const port = Number(process.env.TENANTSESSIONS_PORT);
const slug = process.env.TENANTSESSIONS_SLUG ?? "acme";
const adminEmail = process.env.TENANTSESSIONS_ADMIN_EMAIL ?? "alice@acme.test";
const password = process.env.TENANTSESSIONS_PASSWORD ?? "Passw0rd!";
assert.ok(port > 0, "set TENANTSESSIONS_PORT");
const baseURL = `http://${slug}.localhost:${port}`;

const SessionEnded = "x-session-ended";

function newDevice(name, userAgent) {
  const device = { name, userAgent, jar: new Map(), last: null };
  device.fetch = hostFetch(device);
  device.client = createAuthClient({
    baseURL,
    plugins: [adminClient(), customSessionClient()],
    fetchOptions: { customFetchImpl: device.fetch },
  });
  return device;
}

/** A copy of a device's cookies on another client: a stolen or stale cookie pair replayed. */
function replayOf(device, name) {
  const replay = newDevice(name, device.userAgent);
  for (const [key, value] of device.jar) replay.jar.set(key, value);
  return replay;
}

function hostFetch(device) {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers = {};
    request.headers.forEach((value, key) => { headers[key] = value; });
    headers.host = url.host;
    headers["user-agent"] = device.userAgent;
    if (request.method !== "GET" && request.method !== "HEAD") headers.origin = url.origin;
    if (device.jar.size > 0) headers.cookie = [...device.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await new Promise((resolve, reject) => {
      const outgoing = http.request(
        { host: "127.0.0.1", port: url.port, path: url.pathname + url.search, method: request.method, headers },
        (incoming) => {
          const chunks = [];
          incoming.on("data", (chunk) => chunks.push(chunk));
          incoming.on("end", () => resolve({ status: incoming.statusCode, raw: incoming.rawHeaders, data: Buffer.concat(chunks) }));
          incoming.on("error", reject);
        });
      outgoing.on("error", reject);
      if (body) outgoing.write(body);
      outgoing.end();
    });
    const responseHeaders = new Headers();
    for (let i = 0; i < answer.raw.length; i += 2) {
      const [key, value] = [answer.raw[i], answer.raw[i + 1]];
      responseHeaders.append(key, value);
      if (key.toLowerCase() === "set-cookie") absorb(device.jar, value);
    }
    device.last = { status: answer.status, headers: responseHeaders, text: answer.data.toString("utf8") };
    return new Response(answer.status === 204 ? null : answer.data, { status: answer.status, headers: responseHeaders });
  };
}

function absorb(jar, setCookie) {
  const [pair, ...attributes] = setCookie.split(";");
  const equals = pair.indexOf("=");
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
  if (expired || value.length === 0) jar.delete(name);
  else jar.set(name, value);
}

async function raw(device, path) {
  const response = await device.fetch(`${baseURL}${path}`);
  return JSON.parse(await response.text());
}

const steps = [];
async function step(name, body) {
  try {
    await body();
    steps.push(name);
    console.log(`ok   ${name}`);
  } catch (error) {
    console.log(`FAIL ${name}`);
    console.log(error?.stack ?? String(error));
    process.exitCode = 1;
    throw error;
  }
}

function ok(result, what) {
  assert.equal(result.error, null, `${what}: ${JSON.stringify(result.error)}`);
  return result.data;
}

async function sessionOf(device) {
  return ok(await device.client.getSession(), `getSession on ${device.name}`);
}

async function assertEnded(device, code) {
  const session = await sessionOf(device);
  assert.equal(session, null, `${device.name} should have no session`);
  assert.equal(device.last.status, 200);
  assert.equal(device.last.text, "null");
  assert.equal(device.last.headers.get(SessionEnded), code, `${device.name}: the reason header`);
  assert.equal(device.jar.has("ts_session"), false, `${device.name}: the session cookie is cleared`);
  assert.equal(device.jar.has("ts_session_cache"), false, `${device.name}: the cache cookie is cleared`);
}

async function signIn(device, email) {
  return ok(await device.client.signIn.email({ email, password }), `sign-in of ${email} on ${device.name}`);
}

const email = `contract-${Date.now()}@${slug}.test`;
const laptop = newDevice("laptop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");
const phone = newDevice("phone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
let userId;
let phoneSessionId;

await step("an anonymous getSession is null without an error", async () => {
  const anonymous = newDevice("anonymous", "node");
  assert.equal(await sessionOf(anonymous), null);
  assert.equal(anonymous.last.headers.get(SessionEnded), null);
});

await step("sign-up on the laptop signs in", async () => {
  const signedUp = ok(await laptop.client.signUp.email({ email, password, name: "Contract Tester" }), "sign-up");
  assert.equal(signedUp.user.email, email);
  userId = signedUp.user.id;
  assert.ok(laptop.jar.has("ts_session"));
});

await step("sign-in on the phone", async () => {
  const signedIn = await signIn(phone, email);
  assert.equal(signedIn.user.id, userId);
});

await step("getSession has the session, the user and user.tenant, with dates revived exactly", async () => {
  const session = await sessionOf(laptop);
  assert.equal(session.user.id, userId);
  assert.equal(session.user.email, email);
  assert.equal(session.user.tenant.slug, slug);
  assert.equal(typeof session.user.tenant.name, "string");
  assert.equal(session.user.tenant.status, "active");
  const wire = await raw(laptop, "/api/auth/get-session");
  for (const key of ["createdAt", "updatedAt", "expiresAt"]) {
    assert.ok(session.session[key] instanceof Date, `session.${key} is a Date`);
    assert.match(wire.session[key], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, `session.${key} on the wire`);
    assert.equal(session.session[key].getTime(), new Date(wire.session[key]).getTime(), `session.${key} revived to the same instant`);
  }
  assert.ok(Math.abs(session.session.createdAt.getTime() - Date.now()) < 5 * 60_000, "createdAt is about now");
});

await step("listSessions lists both devices with ids as tokens", async () => {
  const sessions = ok(await laptop.client.listSessions(), "listSessions");
  assert.equal(sessions.length, 2);
  for (const s of sessions) {
    assert.equal(s.token, s.id);
    assert.ok(s.expiresAt instanceof Date);
  }
  phoneSessionId = (await sessionOf(phone)).session.id;
  assert.ok(sessions.some((s) => s.id === phoneSessionId));
});

await step("revokeSession ends the phone at once although its cache cookie is still valid", async () => {
  await sessionOf(phone);
  assert.ok(phone.jar.has("ts_session_cache"), "the phone holds a cache cookie");
  const replay = replayOf(phone, "phone replay");
  const revoked = ok(await laptop.client.revokeSession({ token: phoneSessionId }), "revokeSession");
  assert.equal(revoked.status, true);
  await assertEnded(phone, "SESSION_REVOKED");
  await assertEnded(replay, "SESSION_REVOKED");
  assert.notEqual(await sessionOf(laptop), null, "the laptop stays signed in");
});

await step("revokeOtherSessions ends every other device and keeps this one", async () => {
  await signIn(phone, email);
  const tablet = newDevice("tablet", "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
  await signIn(tablet, email);
  await sessionOf(tablet);
  const result = ok(await laptop.client.revokeOtherSessions(), "revokeOtherSessions");
  assert.equal(result.status, true);
  await assertEnded(phone, "SESSION_REVOKED");
  await assertEnded(tablet, "SESSION_REVOKED");
  assert.notEqual(await sessionOf(laptop), null);
  assert.equal(ok(await laptop.client.listSessions(), "listSessions").length, 1);
});

await step("revokeSessions ends every device including this one", async () => {
  await signIn(phone, email);
  await sessionOf(laptop);
  const laptopCookies = replayOf(laptop, "laptop cookies kept");
  const result = ok(await laptop.client.revokeSessions(), "revokeSessions");
  assert.equal(result.status, true);
  assert.equal(laptop.jar.size, 0, "the answer cleared this device's cookies");
  assert.equal(await sessionOf(laptop), null);
  await assertEnded(laptopCookies, "SESSION_REVOKED");
  await assertEnded(phone, "SESSION_REVOKED");
});

await step("signOut ends the session, and a replayed old cookie pair gets null", async () => {
  await signIn(laptop, email);
  await sessionOf(laptop);
  const stolen = replayOf(laptop, "stolen laptop cookies");
  const result = ok(await laptop.client.signOut(), "signOut");
  assert.equal(result.success, true);
  assert.equal(laptop.jar.has("ts_session"), false);
  assert.equal(await sessionOf(laptop), null);
  await assertEnded(stolen, "SESSION_REVOKED");
  assert.equal(stolen.last.headers.get("x-session-ended-reason"), "SIGNED_OUT");
});

await step("the admin plugin lists a member's sessions and revokes them all", async () => {
  await signIn(laptop, email);
  await signIn(phone, email);
  await sessionOf(phone);
  const admin = newDevice("admin", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  await signIn(admin, adminEmail);
  const listed = ok(await admin.client.admin.listUserSessions({ userId }), "admin.listUserSessions");
  assert.equal(listed.sessions.length, 2);
  assert.ok(listed.sessions.every((s) => s.userId === userId && s.expiresAt instanceof Date));
  const revoked = ok(await admin.client.admin.revokeUserSessions({ userId }), "admin.revokeUserSessions");
  assert.equal(revoked.success, true);
  await assertEnded(laptop, "SESSION_REVOKED");
  await assertEnded(phone, "SESSION_REVOKED");
  assert.notEqual(await sessionOf(admin), null, "the admin stays signed in");
});

await step("the admin plugin creates, lists, gets, updates, re-roles and re-passwords people, and checks permissions", async () => {
  const admin = newDevice("people admin", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  await signIn(admin, adminEmail);
  const newEmail = `created-${Date.now()}@${slug}.test`;
  const created = ok(await admin.client.admin.createUser({ email: newEmail, password, name: "Created Person", role: "user" }), "admin.createUser");
  assert.equal(created.user.email, newEmail);
  assert.equal(created.user.role, "Member");
  assert.ok(created.user.createdAt instanceof Date || typeof created.user.createdAt === "string");
  const listed = ok(await admin.client.admin.listUsers({ query: { searchValue: "created-", searchField: "email", searchOperator: "starts_with", limit: 10 } }), "admin.listUsers");
  assert.ok(listed.users.some((u) => u.id === created.user.id));
  assert.equal(typeof listed.total, "number");
  const got = ok(await admin.client.admin.getUser({ query: { id: created.user.id } }), "admin.getUser");
  assert.equal(got.email, newEmail);
  const renamed = ok(await admin.client.admin.updateUser({ userId: created.user.id, data: { name: "Renamed Person" } }), "admin.updateUser");
  assert.equal(renamed.name, "Renamed Person");
  const person = newDevice("created person", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15");
  await signIn(person, newEmail);
  await sessionOf(person);
  const promoted = ok(await admin.client.admin.setRole({ userId: created.user.id, role: "admin" }), "admin.setRole");
  assert.equal(promoted.user.role, "TenantAdmin");
  assert.equal((await sessionOf(person)).user.role, "TenantAdmin", "the warm cache of the promoted person sees the new role");
  const allowed = ok(await person.client.admin.hasPermission({ permissions: { user: ["list"] } }), "admin.hasPermission");
  assert.equal(allowed.success, true);
  const newPassword = "Set-By-Admin-1234!";
  const set = ok(await admin.client.admin.setUserPassword({ userId: created.user.id, newPassword }), "admin.setUserPassword");
  assert.equal(set.status, true);
  await assertEnded(person, "SESSION_REVOKED");
  ok(await person.client.signIn.email({ email: newEmail, password: newPassword }), "sign-in with the password the admin set");
});

await step("the admin plugin impersonates a member, get-session shows impersonatedBy, and stop ends it and gives the admin back", async () => {
  const admin = newDevice("impersonating admin", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  const adminSignIn = await signIn(admin, adminEmail);
  const adminSessionId = (await sessionOf(admin)).session.id;
  const allowed = await admin.fetch(`${baseURL}/api/auth/admin/impersonation-policy`, {
    method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ adminsMayImpersonate: true, notifyImpersonatedPeople: false }),
  });
  assert.equal(allowed.status, 200, admin.last.text);
  await signIn(laptop, email);
  const started = ok(await admin.client.admin.impersonateUser({ userId, reason: "Contract test: checking what the member sees" }), "admin.impersonateUser");
  assert.equal(started.session.impersonatedBy, adminSignIn.user.id);
  const during = await sessionOf(admin);
  assert.equal(during.user.id, userId);
  assert.equal(during.session.impersonatedBy, adminSignIn.user.id);
  await sessionOf(admin);
  assert.ok(admin.jar.has("ts_session_cache"), "the impersonation has a warm cache cookie");
  const kept = replayOf(admin, "impersonation cookies kept");
  const refused = await admin.client.changePassword({ currentPassword: password, newPassword: "Never-Set-1234!" });
  assert.equal(refused.error?.status, 403);
  const stopped = ok(await admin.client.admin.stopImpersonating(), "admin.stopImpersonating");
  assert.equal(stopped.session.id, adminSessionId);
  const after = await sessionOf(admin);
  assert.equal(after.session.id, adminSessionId, "the admin's own session is back");
  assert.equal(after.session.impersonatedBy, null);
  await assertEnded(kept, "SESSION_REVOKED");
  const listed = ok(await laptop.client.listSessions(), "the member's listSessions");
  assert.ok(listed.every((s) => s.impersonatedBy === null), "the member's own sessions were untouched and the impersonation is gone");
});

await step("deleteUser deletes the caller's account and admin.removeUser removes a member: every device of theirs is refused at once", async () => {
  const admin = newDevice("removing admin", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  await signIn(admin, adminEmail);
  const leaving = `leaving-${Date.now()}@${slug}.test`;
  const removed = `removed-${Date.now()}@${slug}.test`;
  ok(await admin.client.admin.createUser({ email: leaving, password, name: "Leaving Person", role: "user" }), "admin.createUser");
  const toRemove = ok(await admin.client.admin.createUser({ email: removed, password, name: "Removed Person", role: "user" }), "admin.createUser");
  const own = newDevice("leaving laptop", laptop.userAgent);
  const other = newDevice("leaving phone", phone.userAgent);
  await signIn(own, leaving);
  await signIn(other, leaving);
  await sessionOf(other);
  const deleted = ok(await own.client.deleteUser({ password }), "deleteUser");
  assert.equal(deleted.success, true);
  assert.equal(deleted.message, "User deleted");
  assert.equal(await sessionOf(own), null, "the deleting device is signed out");
  await assertEnded(other, "SESSION_REVOKED");
  const removedDevice = newDevice("removed phone", phone.userAgent);
  await signIn(removedDevice, removed);
  await sessionOf(removedDevice);
  const answer = ok(await admin.client.admin.removeUser({ userId: toRemove.user.id }), "admin.removeUser");
  assert.equal(answer.success, true);
  await assertEnded(removedDevice, "SESSION_REVOKED");
  const again = await admin.client.admin.removeUser({ userId: toRemove.user.id });
  assert.equal(again.error?.status, 404);
});

console.log(`${steps.length} steps passed`);
