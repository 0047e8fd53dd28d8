using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TenantSessions.Infrastructure.Data;

/// <summary>
/// The Data Protection key ring, shared by every node through the database (<c>DataProtectionKeys</c>). With
/// <c>DataProtection:Certificate:Path</c> (a PKCS#12 file, relative to the content root) and <c>:Password</c> each key's
/// secret is stored encrypted to that certificate, so a copy of the database alone cannot open the cookies and secrets
/// the keys protect (ADR-019). Without it the keys are stored in clear, and a Production start says so.
/// </summary>
public static class DataProtectionKeyRing
{
    public const string CertificatePathKey = "DataProtection:Certificate:Path";

    public const string CertificatePasswordKey = "DataProtection:Certificate:Password";

    public static bool IsProtectedAtRest(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[CertificatePathKey]);

    public static IServiceCollection AddDataProtectionKeyRing(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var keys = services.AddDataProtection()
            .SetApplicationName("TenantSessions")
            .PersistKeysToDbContext<AppDbContext>();
        if (IsProtectedAtRest(configuration))
        {
            var path = Path.Combine(contentRoot, configuration[CertificatePathKey]!);
            keys.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordKey]));
        }

        return services;
    }
}
