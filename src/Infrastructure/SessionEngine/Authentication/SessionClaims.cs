using System.Security.Claims;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine.Authentication;

public static class SessionClaims
{
    public const string Scheme = "Session";
    public const string SessionId = "sid";
    public const string TenantId = "tid";
    public const string AuthenticatedAt = "auth_time";

    /// <summary>The principal of a session just issued or rotated (what <c>SignInAsync</c> is given).</summary>
    public static ClaimsPrincipal ToPrincipal(IssuedSession issued) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, issued.User.Id.ToString()),
            new Claim(ClaimTypes.Name, issued.User.DisplayName),
            new Claim(SessionId, issued.Session.Id.ToString()),
        ],
        Scheme,
        ClaimTypes.Name,
        ClaimTypes.Role));

    /// <summary>
    /// The principal of an accepted session. Its claims are built the first time anything reads them: the app itself
    /// reads the session from <see cref="SessionFeature"/>, and most requests (every <c>get-session</c>) never look at a
    /// claim, so building six claims and their strings on every check was work thrown away.
    /// </summary>
    public static ClaimsPrincipal ToPrincipal(SessionPayload payload) => new(new SessionIdentity(payload));

    internal static List<Claim> ClaimsOf(SessionPayload payload)
    {
        var claims = new List<Claim>(6 + payload.Roles.Count)
        {
            new(ClaimTypes.NameIdentifier, payload.UserId.ToString()),
            new(ClaimTypes.Name, payload.Name),
            new(ClaimTypes.Email, payload.Email),
            new(SessionId, payload.SessionId.ToString()),
            new(AuthenticatedAt, payload.AuthenticatedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (payload.TenantId is { } tenantId)
        {
            claims.Add(new Claim(TenantId, tenantId.ToString()));
        }

        claims.AddRange(payload.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return claims;
    }

    /// <summary>
    /// A session's identity whose claims are added on first use. Every member that reads or changes claims builds them
    /// first (the base class's lookups all go through <see cref="Claims"/>; its copy constructor reads its own list,
    /// hence <see cref="Clone"/>). <c>SessionClaimsTests</c> checks each against an identity built eagerly.
    /// </summary>
    private sealed class SessionIdentity(SessionPayload payload) : ClaimsIdentity(Scheme, ClaimTypes.Name, ClaimTypes.Role)
    {
        private SessionPayload? _pending = payload;

        private void Build()
        {
            if (_pending is { } pending)
            {
                _pending = null;
                base.AddClaims(ClaimsOf(pending));
            }
        }

        public override IEnumerable<Claim> Claims
        {
            get
            {
                Build();
                return base.Claims;
            }
        }

        public override string? Name
        {
            get
            {
                Build();
                return base.Name;
            }
        }

        public override ClaimsIdentity Clone()
        {
            Build();
            return base.Clone();
        }

        public override IEnumerable<Claim> FindAll(string type)
        {
            Build();
            return base.FindAll(type);
        }

        public override IEnumerable<Claim> FindAll(Predicate<Claim> match)
        {
            Build();
            return base.FindAll(match);
        }

        public override Claim? FindFirst(string type)
        {
            Build();
            return base.FindFirst(type);
        }

        public override Claim? FindFirst(Predicate<Claim> match)
        {
            Build();
            return base.FindFirst(match);
        }

        public override bool HasClaim(string type, string value)
        {
            Build();
            return base.HasClaim(type, value);
        }

        public override bool HasClaim(Predicate<Claim> match)
        {
            Build();
            return base.HasClaim(match);
        }

        public override void AddClaim(Claim claim)
        {
            Build();
            base.AddClaim(claim);
        }

        public override void AddClaims(IEnumerable<Claim?> claims)
        {
            Build();
            base.AddClaims(claims);
        }

        public override void RemoveClaim(Claim? claim)
        {
            Build();
            base.RemoveClaim(claim);
        }

        public override bool TryRemoveClaim(Claim? claim)
        {
            Build();
            return base.TryRemoveClaim(claim);
        }

        public override void WriteTo(BinaryWriter writer)
        {
            Build();
            base.WriteTo(writer);
        }
    }
}
