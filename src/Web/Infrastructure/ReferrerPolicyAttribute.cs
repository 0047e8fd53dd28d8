namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// The <c>Referrer-Policy</c> of a page or endpoint instead of the default <c>strict-origin-when-cross-origin</c>; read
/// from the endpoint's metadata by <see cref="SecurityHeaders"/> when the response starts. Pages opened from an e-mailed
/// link carry a secret in their address and say <see cref="NoReferrer"/>, so their own CSS and script requests (and any
/// link followed from them) send no <c>Referer</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class ReferrerPolicyAttribute(string policy) : Attribute
{
    public const string NoReferrer = "no-referrer";

    public string Policy { get; } = policy;
}
