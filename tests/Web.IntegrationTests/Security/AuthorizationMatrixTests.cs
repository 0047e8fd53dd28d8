using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Security;

/// <summary>
/// ASVS 8.2.1–8.3.1 / docs/security-requirements.md case 16: every API route × every kind of caller, each on their own host. The
/// targets are always Acme's member bob and one of his sessions. Each refused cell is also checked to have changed
/// nothing (sessions, tenants, passwords, feed).
/// </summary>
public abstract class AuthorizationMatrixTests(AppFixture app) : IntegrationTest(app)
{
    public enum Caller
    {
        AnonymousOnTenantHost,
        AnonymousOnPlatformHost,
        Member,
        TenantAdmin,
        OtherTenantAdmin,
        Superadmin,
    }

    /// <summary>
    /// Public by design (they create sessions or act on an e-mailed secret) and covered by their own tests: the auth API
    /// tests, <c>PasswordResetTests</c>, <c>SignUpTests</c> and <c>InvitationTests</c>. The invitation and join-policy admin
    /// routes are covered caller by caller (member refused, stale admin steps up, another workspace's admin sees nothing)
    /// by <c>InvitationTests</c>, and creating a workspace by <c>WorkspaceCreationTests</c>. Signing in through an IdP
    /// and the IdP's back-channel logout (anonymous by design) are covered by <c>SsoSignInTests</c> and <c>SsoBackchannelLogoutTests</c>.
    /// </summary>
    private static readonly string[] PublicRoutes =
    [
        "POST /api/auth/sign-in/email", "POST /api/auth/sign-up/email",
        "POST /api/auth/request-password-reset", "POST /api/auth/reset-password", "GET /api/auth/reset-password/{token}",
        "POST /api/auth/send-verification-email", "POST /api/auth/verify-email", "POST /api/auth/accept-invitation",
        "GET /api/auth/admin/invitations", "POST /api/auth/admin/invitations", "POST /api/auth/admin/invitations/{id}/resend",
        "DELETE /api/auth/admin/invitations/{id}", "GET /api/auth/admin/join-policy", "PUT /api/auth/admin/join-policy",
        "POST /api/platform/tenants",
        "POST /api/auth/sign-in/sso", "GET /api/auth/sso/callback/{providerId}", "POST /api/auth/sso/backchannel-logout/{providerId}",
        // Covered by WebhookTests.OnlyAFreshTenantAdminManagesEndpointsAndOnlyPublicHttpsOrLoopbackUrlsAreTaken (anonymous,
        // member, stale and fresh tenant admin) and AnEndpointGetsOnlyItsWorkspacesEventsAndAnotherWorkspacesEndpointIsNotFound.
        "GET /api/auth/admin/webhooks/", "POST /api/auth/admin/webhooks/", "GET /api/auth/admin/webhooks/{id}",
        "POST /api/auth/admin/webhooks/{id}/rotate-secret", "DELETE /api/auth/admin/webhooks/{id}",
        // Covered by SsoStepUpAndLogoutTests (anonymous 401, a password session 400, an SSO session's step-up; the IdP's
        // return after sign-out is anonymous by design and lands on the signed-out page whatever its state).
        "POST /api/auth/sso/reauthenticate", "GET /api/auth/sso/signed-out/{providerId}",
    ];

    private static readonly Dictionary<string, Cell> Matrix = new()
    {
        ["GET /api/auth/get-session"] = new(_ => "/api/auth/get-session", null, Statuses(200, 200, 200, 200, 200, 200)),
        ["POST /api/auth/sign-out"] = new(_ => "/api/auth/sign-out", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["GET /api/auth/list-sessions"] = new(_ => "/api/auth/list-sessions", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/revoke-session"] = new(_ => "/api/auth/revoke-session", t => new { token = t.BobSessionId }, Statuses(401, 401, 200, 404, 404, 404)),
        ["POST /api/auth/revoke-other-sessions"] = new(_ => "/api/auth/revoke-other-sessions", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/revoke-sessions"] = new(_ => "/api/auth/revoke-sessions", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/reauthenticate"] = new(_ => "/api/auth/reauthenticate", _ => new { password = TestClient.DemoPassword }, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/change-password"] = new(
            _ => "/api/auth/change-password",
            _ => new { currentPassword = TestClient.DemoPassword, newPassword = "N3w-passphrase!", revokeOtherSessions = true },
            Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/admin/list-user-sessions"] = new(_ => "/api/auth/admin/list-user-sessions", t => new { userId = t.BobId }, Statuses(401, 401, 403, 200, 404, 403)),
        ["POST /api/auth/admin/revoke-user-session"] = new(_ => "/api/auth/admin/revoke-user-session", t => new { sessionToken = t.BobSessionId }, Statuses(401, 401, 403, 200, 404, 403)),
        ["POST /api/auth/admin/revoke-user-sessions"] = new(_ => "/api/auth/admin/revoke-user-sessions", t => new { userId = t.BobId }, Statuses(401, 401, 403, 200, 404, 403)),
        ["POST /api/auth/admin/ban-user"] = new(_ => "/api/auth/admin/ban-user", t => new { userId = t.BobId }, Statuses(401, 401, 403, 200, 404, 403)),
        ["POST /api/auth/admin/unban-user"] = new(_ => "/api/auth/admin/unban-user", t => new { userId = t.BobId }, Statuses(401, 401, 403, 200, 404, 403)),
        ["POST /api/auth/admin/unlock-user"] = new(_ => "/api/auth/admin/unlock-user", t => new { userId = t.BobId }, Statuses(401, 401, 403, 200, 404, 403)),
        ["POST /api/auth/admin/create-user"] = new(_ => "/api/auth/admin/create-user", _ => new { email = "erin@acme.test", name = "Erin" }, Statuses(401, 401, 403, 200, 200, 400)),
        ["GET /api/auth/admin/list-users"] = new(_ => "/api/auth/admin/list-users", null, Statuses(401, 401, 403, 200, 200, 200)),
        ["GET /api/auth/admin/get-user"] = new(t => $"/api/auth/admin/get-user?id={t.BobId}", null, Statuses(401, 401, 403, 200, 404, 200)),
        ["POST /api/auth/admin/update-user"] = new(_ => "/api/auth/admin/update-user", t => new { userId = t.BobId, data = new { name = "Robert" } }, Statuses(401, 401, 403, 200, 404, 200)),
        ["POST /api/auth/admin/set-role"] = new(_ => "/api/auth/admin/set-role", t => new { userId = t.BobId, role = "admin" }, Statuses(401, 401, 403, 200, 404, 200)),
        ["POST /api/auth/admin/set-user-password"] = new(_ => "/api/auth/admin/set-user-password", t => new { userId = t.BobId, newPassword = "Set-By-Admin-1234!" }, Statuses(401, 401, 403, 200, 404, 200)),
        // Bob deletes his own account last (refusals run first): the only administrators (Alice, Carol) are refused, a superadmin is removed on the server.
        ["POST /api/auth/change-email"] = new(_ => "/api/auth/change-email", _ => new { newEmail = "renamed@elsewhere.test" }, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/update-user"] = new(_ => "/api/auth/update-user", _ => new { name = "Renamed" }, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/delete-user"] = new(_ => "/api/auth/delete-user", _ => new { password = TestClient.DemoPassword }, Statuses(401, 401, 200, 409, 409, 403)),
        // Alice removes Bob (200); the superadmin's call comes after it and finds no Bob any more (404), as another workspace's admin never does.
        ["POST /api/auth/admin/remove-user"] = new(_ => "/api/auth/admin/remove-user", t => new { userId = t.BobId }, Statuses(401, 401, 403, 200, 404, 404), After: [Caller.Superadmin]),
        ["POST /api/auth/admin/has-permission"] = new(_ => "/api/auth/admin/has-permission", _ => new { permissions = new { user = new[] { "list" } } }, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/admin/impersonate-user"] = new(_ => "/api/auth/admin/impersonate-user", t => new { userId = t.BobId, reason = "Ticket 1" }, Statuses(401, 401, 403, 403, 404, 403)),
        ["POST /api/auth/admin/stop-impersonating"] = new(_ => "/api/auth/admin/stop-impersonating", null, Statuses(401, 401, 400, 400, 400, 400)),
        ["GET /api/auth/admin/impersonation-policy"] = new(_ => "/api/auth/admin/impersonation-policy", null, Statuses(401, 401, 403, 200, 200, 403)),
        ["PUT /api/auth/admin/impersonation-policy"] = new(_ => "/api/auth/admin/impersonation-policy", _ => new { adminsMayImpersonate = true, notifyImpersonatedPeople = false }, Statuses(401, 401, 403, 200, 200, 403)),
        ["GET /api/auth/admin/members"] = new(_ => "/api/auth/admin/members", null, Statuses(401, 401, 403, 200, 200, 403)),
        ["GET /api/auth/admin/sessions"] = new(_ => "/api/auth/admin/sessions?country=DE", null, Statuses(401, 401, 403, 200, 200, 403)),
        ["POST /api/auth/admin/sessions/end"] = new(_ => "/api/auth/admin/sessions/end", t => new { sessionIds = new[] { t.BobSessionId } }, Statuses(401, 401, 403, 200, 404, 403)),
        ["GET /api/auth/admin/session-policy"] = new(_ => "/api/auth/admin/session-policy", null, Statuses(401, 401, 403, 200, 200, 403)),
        ["PUT /api/auth/admin/session-policy"] = new(_ => "/api/auth/admin/session-policy", _ => new { expiresIn = 3600, updateAge = 600 }, Statuses(401, 401, 403, 200, 200, 403)),
        ["POST /api/auth/admin/session-policy/preview"] = new(_ => "/api/auth/admin/session-policy/preview", _ => new { expiresIn = 3600 }, Statuses(401, 401, 403, 200, 200, 403)),
        ["GET /api/auth/admin/audit-events"] = new(_ => "/api/auth/admin/audit-events", null, Statuses(401, 401, 403, 200, 200, 200)),
        ["GET /api/auth/admin/audit-events/export"] = new(_ => "/api/auth/admin/audit-events/export?format=jsonl", null, Statuses(401, 401, 403, 200, 200, 200)),
        ["GET /api/auth/admin/audit-retention"] = new(_ => "/api/auth/admin/audit-retention", null, Statuses(401, 401, 403, 200, 200, 404)),
        ["PUT /api/auth/admin/audit-retention"] = new(_ => "/api/auth/admin/audit-retention", _ => new { retention = 86400 * 90 }, Statuses(401, 401, 403, 200, 200, 404)),
        ["PATCH /api/auth/admin/workspace"] = new(_ => "/api/auth/admin/workspace", _ => new { name = "Renamed" }, Statuses(401, 401, 403, 200, 200, 403)),
        ["POST /api/auth/two-factor/enable"] = new(_ => "/api/auth/two-factor/enable", _ => new { password = TestClient.DemoPassword }, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/two-factor/verify-totp"] = new(_ => "/api/auth/two-factor/verify-totp", _ => new { code = "000000" }, Statuses(401, 401, 400, 400, 400, 400)),
        ["POST /api/auth/two-factor/verify-backup-code"] = new(_ => "/api/auth/two-factor/verify-backup-code", _ => new { code = "aaaa-bbbb-cccc" }, Statuses(401, 401, 401, 401, 401, 401)),
        ["POST /api/auth/two-factor/disable"] = new(_ => "/api/auth/two-factor/disable", _ => new { code = "000000" }, Statuses(401, 401, 400, 400, 400, 400)),
        ["POST /api/auth/two-factor/generate-backup-codes"] = new(_ => "/api/auth/two-factor/generate-backup-codes", null, Statuses(401, 401, 400, 400, 400, 400)),
        ["GET /api/auth/two-factor/status"] = new(_ => "/api/auth/two-factor/status", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/admin/reset-two-factor"] = new(_ => "/api/auth/admin/reset-two-factor", t => new { userId = t.BobId }, Statuses(401, 401, 403, 200, 404, 403)),
        ["GET /api/auth/admin/two-factor-requirement"] = new(_ => "/api/auth/admin/two-factor-requirement", null, Statuses(401, 401, 403, 200, 200, 403)),
        ["PUT /api/auth/admin/two-factor-requirement"] = new(_ => "/api/auth/admin/two-factor-requirement", _ => new { requirement = "admins" }, Statuses(401, 401, 403, 200, 200, 403)),
        ["POST /api/auth/passkey/generate-register-options"] = new(_ => "/api/auth/passkey/generate-register-options", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/passkey/verify-registration"] = new(_ => "/api/auth/passkey/verify-registration", _ => new { response = new { id = "x" }, name = "Laptop" }, Statuses(401, 401, 401, 401, 401, 401)),
        ["GET /api/auth/passkey/list-user-passkeys"] = new(_ => "/api/auth/passkey/list-user-passkeys", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/passkey/delete-passkey"] = new(_ => "/api/auth/passkey/delete-passkey", _ => new { id = "AAAA" }, Statuses(401, 401, 404, 404, 404, 404)),
        ["POST /api/auth/passkey/generate-authenticate-options"] = new(_ => "/api/auth/passkey/generate-authenticate-options", null, Statuses(200, 200, 200, 200, 200, 200)),
        ["POST /api/auth/passkey/verify-authentication"] = new(_ => "/api/auth/passkey/verify-authentication", _ => new { response = new { id = "x" } }, Statuses(401, 401, 401, 401, 401, 401)),
        ["POST /api/auth/passkey/generate-reauthenticate-options"] = new(_ => "/api/auth/passkey/generate-reauthenticate-options", null, Statuses(401, 401, 200, 200, 200, 200)),
        ["POST /api/auth/passkey/reauthenticate"] = new(_ => "/api/auth/passkey/reauthenticate", _ => new { response = new { id = "x" } }, Statuses(401, 401, 401, 401, 401, 401)),
        ["POST /api/auth/sso/register"] = new(_ => "/api/auth/sso/register", _ => new { providerId = "okta", issuer = "http://idp.example.com", domain = "acme.test", oidcConfig = new { clientId = "c", clientSecret = "s" } }, Statuses(401, 401, 403, 400, 400, 403)),
        ["GET /api/auth/sso/providers"] = new(_ => "/api/auth/sso/providers", null, Statuses(401, 401, 403, 200, 200, 403)),
        ["GET /api/auth/sso/get-provider"] = new(_ => "/api/auth/sso/get-provider?providerId=okta", null, Statuses(401, 401, 403, 404, 404, 403)),
        ["POST /api/auth/sso/update-provider"] = new(_ => "/api/auth/sso/update-provider", _ => new { providerId = "okta", name = "Renamed" }, Statuses(401, 401, 403, 404, 404, 403)),
        ["POST /api/auth/sso/delete-provider"] = new(_ => "/api/auth/sso/delete-provider", _ => new { providerId = "okta" }, Statuses(401, 401, 403, 404, 404, 403)),
        ["POST /api/auth/sso/request-domain-verification"] = new(_ => "/api/auth/sso/request-domain-verification", _ => new { providerId = "okta" }, Statuses(401, 401, 403, 404, 404, 403)),
        ["POST /api/auth/sso/verify-domain"] = new(_ => "/api/auth/sso/verify-domain", _ => new { providerId = "okta" }, Statuses(401, 401, 403, 404, 404, 403)),
        ["GET /api/auth/sso/requirement"] = new(_ => "/api/auth/sso/requirement", null, Statuses(401, 401, 403, 200, 200, 403)),
        ["POST /api/auth/sso/update-requirement"] = new(_ => "/api/auth/sso/update-requirement", _ => new { required = false }, Statuses(401, 401, 403, 200, 200, 403)),
        ["POST /api/platform/jobs/purge"] = new(_ => "/api/platform/jobs/purge", null, Statuses(404, 401, 404, 404, 404, 202)),
        ["GET /api/platform/tenants"] = new(_ => "/api/platform/tenants", null, PlatformOnly),
        ["PATCH /api/platform/tenants/{id:guid}"] = new(t => $"/api/platform/tenants/{t.AcmeId}", _ => new { name = "Renamed" }, PlatformOnly),
        ["POST /api/platform/tenants/{id:guid}/suspend"] = new(t => $"/api/platform/tenants/{t.AcmeId}/suspend", _ => new { reason = "Unpaid invoice" }, PlatformOnly),
        ["POST /api/platform/tenants/{id:guid}/reactivate"] = new(t => $"/api/platform/tenants/{t.InitechId}/reactivate", null, PlatformOnly),
        ["POST /api/platform/tenants/{id:guid}/revoke-sessions"] = new(t => $"/api/platform/tenants/{t.AcmeId}/revoke-sessions", null, PlatformOnly),
        ["GET /api/platform/tenants/{id:guid}/sso-connections"] = new(t => $"/api/platform/tenants/{t.AcmeId}/sso-connections", null, PlatformOnly),
        // No connection exists in the matrix's workspaces: the superadmin's approval finds none (404), exactly as for another workspace's.
        ["POST /api/platform/tenants/{id:guid}/sso-connections/{connectionId:guid}/approve-domain"] = new(t => $"/api/platform/tenants/{t.AcmeId}/sso-connections/{Guid.Empty}/approve-domain", null, Statuses(404, 401, 404, 404, 404, 404)),
        ["GET /api/platform/users"] = new(_ => "/api/platform/users", null, PlatformOnly),
        ["GET /api/platform/users/{id:guid}/sessions"] = new(t => $"/api/platform/users/{t.BobId}/sessions", null, PlatformOnly),
        ["POST /api/platform/users/{id:guid}/revoke-sessions"] = new(t => $"/api/platform/users/{t.BobId}/revoke-sessions", null, PlatformOnly),
        ["POST /api/platform/users/{id:guid}/sessions/{sessionId:guid}/revoke"] = new(t => $"/api/platform/users/{t.BobId}/sessions/{t.BobSessionId}/revoke", null, PlatformOnly),
    };

    /// <summary>Platform routes do not exist on a tenant host (404 before authentication).</summary>
    private static Dictionary<Caller, int> PlatformOnly => Statuses(404, 401, 404, 404, 404, 200);

    public static TheoryData<string> Routes => new(Matrix.Keys);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryCallerGetsTheExpectedStatusAndARefusedCallChangesNothing(string route)
    {
        var cell = Matrix[route];
        var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);
        var (callers, targets) = await ArrangeAsync();

        foreach (var (caller, expected) in cell.Expected.OrderBy(e => cell.After?.Contains(e.Key) == true).ThenBy(e => e.Value < 400))
        {
            var before = expected >= 400 ? await App.SnapshotAsync() : null;
            var request = new HttpRequestMessage(method, cell.Path(targets));
            if (cell.Body?.Invoke(targets) is { } body)
            {
                request.Content = JsonContent.Create(body);
            }

            var response = await callers[caller].SendAsync(request);

            var status = (int)response.StatusCode;
            Assert.True(status == expected, $"{route} as {caller}: expected {expected}, got {status}: {await response.Content.ReadAsStringAsync()}");
            if (before is not null)
            {
                Assert.True(before == await App.SnapshotAsync(), $"{route} as {caller} was refused with {status} but changed the database");
            }
        }
    }

    [Fact]
    public void TheMatrixCoversEveryApiRoute()
    {
        var routes = App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order()
            .ToArray();

        Assert.Equal(Matrix.Keys.Concat(PublicRoutes).Order().ToArray(), routes);
    }

    private async Task<(Dictionary<Caller, TestClient> Callers, Targets Targets)> ArrangeAsync()
    {
        var callers = new Dictionary<Caller, TestClient>
        {
            [Caller.AnonymousOnTenantHost] = App.Client("acme"),
            [Caller.AnonymousOnPlatformHost] = App.PlatformClient(),
            [Caller.Member] = await App.SignedInAsync("acme", "bob@acme.test"),
            [Caller.TenantAdmin] = await App.SignedInAsync("acme", "alice@acme.test"),
            [Caller.OtherTenantAdmin] = await App.SignedInAsync("globex", "carol@globex.test"),
            [Caller.Superadmin] = await App.SignedInAsync("", "root@platform.test"),
        };
        var bobsOtherDevice = await App.SignedInAsync("acme", "bob@acme.test");
        var targets = new Targets(
            (await App.UserAsync("bob@acme.test")).Id,
            await bobsOtherDevice.SessionIdAsync(),
            (await App.TenantAsync("acme")).Id,
            (await App.TenantAsync("initech")).Id);
        return (callers, targets);
    }

    private static Dictionary<Caller, int> Statuses(int anonymousOnTenant, int anonymousOnPlatform, int member, int tenantAdmin, int otherTenantAdmin, int superadmin) => new()
    {
        [Caller.AnonymousOnTenantHost] = anonymousOnTenant,
        [Caller.AnonymousOnPlatformHost] = anonymousOnPlatform,
        [Caller.Member] = member,
        [Caller.TenantAdmin] = tenantAdmin,
        [Caller.OtherTenantAdmin] = otherTenantAdmin,
        [Caller.Superadmin] = superadmin,
    };

    private sealed record Targets(Guid BobId, Guid BobSessionId, Guid AcmeId, Guid InitechId);

    /// <param name="After">Callers asked last, after every other (their answer follows from a success before them, e.g. a target already removed).</param>
    private sealed record Cell(Func<Targets, string> Path, Func<Targets, object>? Body, Dictionary<Caller, int> Expected, Caller[]? After = null);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuthorizationMatrixTests(SqliteAppFixture app) : AuthorizationMatrixTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuthorizationMatrixTests(PostgresAppFixture app) : AuthorizationMatrixTests(app);
