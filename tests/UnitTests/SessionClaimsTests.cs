using System.Security.Claims;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.UnitTests;

/// <summary>The lazily built session principal answers every question as an identity built with all its claims would.</summary>
public sealed class SessionClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 23, 0, 0, TimeSpan.Zero);

    private static SessionPayload Payload(Guid? tenantId) => new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), "alice@acme.test", "Alice Admin", ["Member", "TenantAdmin"], tenantId, "acme", "Acme", TenantStatus.Active, 1,
        Now, Now, Now.AddMinutes(-3), Now.AddDays(7), Now.AddDays(30), true, "203.0.113.7", "Firefox");

    private static ClaimsPrincipal Eager(SessionPayload payload) =>
        new(new ClaimsIdentity(SessionClaims.ClaimsOf(payload), SessionClaims.Scheme, ClaimTypes.Name, ClaimTypes.Role));

    private static (string, string)[] Pairs(IEnumerable<Claim> claims) => [.. claims.Select(c => (c.Type, c.Value))];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryReadSeesTheSameClaimsAsAnEagerIdentity(bool inTenant)
    {
        var payload = Payload(inTenant ? Guid.CreateVersion7() : null);
        var eager = Eager(payload);

        Assert.Equal(Pairs(eager.Claims), Pairs(SessionClaims.ToPrincipal(payload).Claims));
        Assert.Equal(eager.Identity!.Name, SessionClaims.ToPrincipal(payload).Identity!.Name);
        Assert.True(SessionClaims.ToPrincipal(payload).Identity!.IsAuthenticated);
        Assert.True(SessionClaims.ToPrincipal(payload).IsInRole("TenantAdmin"));
        Assert.False(SessionClaims.ToPrincipal(payload).IsInRole("PlatformSuperadmin"));
        Assert.Equal(payload.SessionId.ToString(), SessionClaims.ToPrincipal(payload).FindFirst(SessionClaims.SessionId)?.Value);
        Assert.Equal(payload.UserId.ToString(), SessionClaims.ToPrincipal(payload).FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(2, SessionClaims.ToPrincipal(payload).FindAll(ClaimTypes.Role).Count());
        Assert.True(SessionClaims.ToPrincipal(payload).HasClaim(ClaimTypes.Email, "alice@acme.test"));
        Assert.Equal(inTenant, SessionClaims.ToPrincipal(payload).HasClaim(c => c.Type == SessionClaims.TenantId));
    }

    [Fact]
    public void ACloneTakenBeforeAnyReadHasEveryClaim()
    {
        var payload = Payload(Guid.CreateVersion7());

        var clone = SessionClaims.ToPrincipal(payload).Clone();

        Assert.Equal(Pairs(Eager(payload).Claims), Pairs(clone.Claims));
        Assert.True(clone.IsInRole("Member"));
    }

    [Fact]
    public void AClaimAddedBeforeAnyReadComesAfterTheSessionsOwn()
    {
        var payload = Payload(null);
        var principal = SessionClaims.ToPrincipal(payload);

        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("extra", "1"));

        Assert.Equal([.. Pairs(Eager(payload).Claims), ("extra", "1")], Pairs(principal.Claims));
    }
}
