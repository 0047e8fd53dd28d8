namespace TenantSessions.Web.IntegrationTests.Sso;

/// <summary>
/// One oidc-provider process for the whole test run (every test registers its own client, so tests share nothing at
/// the IdP); it ends when the test process does (its stdin closes).
/// </summary>
public static class SharedIdentityProvider
{
    private static readonly Lazy<Task<TestIdentityProvider>> Instance = new(() => TestIdentityProvider.StartAsync());

    public static Task<TestIdentityProvider> GetAsync() => Instance.Value;
}
