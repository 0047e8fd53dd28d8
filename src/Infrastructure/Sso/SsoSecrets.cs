using Microsoft.AspNetCore.DataProtection;
using TenantSessions.Application.Sso;

namespace TenantSessions.Infrastructure.Sso;

/// <summary>Connection secrets at rest: Data Protection with the app's shared key ring (ADR-019), its own purpose.</summary>
internal sealed class SsoSecrets(IDataProtectionProvider dataProtection) : ISsoSecrets
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("TenantSessions.Sso.ClientSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
