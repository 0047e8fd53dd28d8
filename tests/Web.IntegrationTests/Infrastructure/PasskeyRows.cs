using Microsoft.AspNetCore.Identity;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

public static class PasskeyRows
{
    /// <summary>
    /// A passkey stored for the person as Identity stores one (user-verified, sign counter 0, no attestation kept); a
    /// public key that is not a real one serves tests that never sign with it.
    /// </summary>
    public static Task AddPasskeyAsync(this AppFixture app, Guid userId, byte[] credentialId, string name, byte[]? publicKey = null) =>
        app.QueryAsync(async db =>
        {
            db.Set<IdentityUserPasskey<Guid>>().Add(new IdentityUserPasskey<Guid>
            {
                UserId = userId,
                CredentialId = credentialId,
                Data = new IdentityPasskeyData
                {
                    PublicKey = publicKey ?? [1, 2, 3],
                    Name = name,
                    CreatedAt = app.Clock.GetUtcNow(),
                    SignCount = 0,
                    Transports = ["internal"],
                    IsUserVerified = true,
                    AttestationObject = [],
                    ClientDataJson = [],
                },
            });
            return await db.SaveChangesAsync();
        });
}
