using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Infrastructure.Http;

namespace TenantSessions.Infrastructure.SessionEngine.Authentication;

/// <summary>
/// While an administrator acts as someone, their own session token waits in <c>ts_impersonator</c>: encrypted with Data
/// Protection, HttpOnly, SameSite=Strict, host-only, expiring with the impersonation. Stopping gives it back only
/// when it still verifies for the administrator's session that the impersonation names, so a stolen impersonation
/// cookie alone never yields the administrator's session (Better Auth keeps the same token in its signed
/// <c>admin_session</c> cookie).
/// </summary>
internal static class ImpersonatorCookie
{
    public const string BaseName = "ts_impersonator";

    private const string Purpose = "TenantSessions.SessionEngine.ImpersonatorCookie.v1";

    private static IDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    public static string Name(HttpRequest request) => HostOnlyCookie.Name(request, BaseName);

    public static void Write(HttpContext context, string adminToken, TimeSpan maxAge) =>
        HostOnlyCookie.Write(context, Name(context.Request), Protector(context).Protect(adminToken),
            HostOnlyCookie.Options(context.Request, SameSiteMode.Strict, maxAge));

    public static string? Read(HttpContext context)
    {
        var value = HostOnlyCookie.Read(context.Request, Name(context.Request));
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return Protector(context).Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static void Expire(HttpContext context) => HostOnlyCookie.Expire(context, Name(context.Request), SameSiteMode.Strict);
}
