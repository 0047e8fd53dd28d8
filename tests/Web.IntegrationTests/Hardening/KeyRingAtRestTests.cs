using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// Finding 4 of issue 20 (ADR-019): with <c>DataProtection:Certificate:*</c> the key ring in the database holds no key
/// in clear, and a restarted app still opens what the previous one protected; without it a Production start warns.
/// </summary>
public sealed class KeyRingAtRestTests : IDisposable
{
    private const string Password = "test-certificate-password";

    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"tenantsessions-keyring-{Guid.NewGuid():N}.pfx");

    [Fact]
    public async Task WithACertificateTheStoredKeysAreEncryptedAndARestartedAppStillReadsWhatWasProtected()
    {
        WriteSelfSignedCertificate();
        var logs = new LogSink();

        await EmptyProductionApp.RunAsync(async first =>
        {
            var protectedCookie = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("session-payload");
            var xml = await KeyXmlAsync(first);

            using var restarted = first.WithWebHostBuilder(_ => { });
            var read = restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(protectedCookie);

            Assert.NotEmpty(xml);
            Assert.All(xml, key =>
            {
                Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
                Assert.Contains("<EncryptedData", key, StringComparison.Ordinal);
            });
            Assert.Equal("session-payload", read);
        }, builder =>
        {
            builder.UseSetting(DataProtectionKeyRing.CertificatePathKey, _certificate);
            builder.UseSetting(DataProtectionKeyRing.CertificatePasswordKey, Password);
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        });

        Assert.DoesNotContain(logs.Lines, m => m.Contains(DataProtectionKeyRing.CertificatePathKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutACertificateAProductionStartWarnsThatTheKeyRingIsInClear()
    {
        var logs = new LogSink();

        await EmptyProductionApp.RunAsync(async app =>
        {
            app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("session-payload");
            Assert.Contains(await KeyXmlAsync(app), key => key.Contains("<masterKey", StringComparison.Ordinal));
        }, builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));

        Assert.Single(logs.Lines, m => m.Contains(DataProtectionKeyRing.CertificatePathKey, StringComparison.Ordinal));
    }

    public void Dispose() => File.Delete(_certificate);

    private static async Task<List<string>> KeyXmlAsync(WebApplicationFactory<Program> app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml ?? "").ToListAsync();
    }

    private void WriteSelfSignedCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=TenantSessions key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(_certificate, certificate.Export(X509ContentType.Pfx, Password));
    }
}
