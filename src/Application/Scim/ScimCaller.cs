namespace TenantSessions.Application.Scim;

/// <summary>
/// The SCIM token this request presented (scoped), set by <c>AuthenticateScimTokenQuery</c>. The SCIM user commands
/// demand it: they act for the workspace's directory, never for a cookie's session (the SCIM endpoints do not run the
/// session scheme at all).
/// </summary>
public sealed class ScimCaller
{
    public Guid? TokenId { get; internal set; }

    public void Demand()
    {
        if (TokenId is null)
        {
            throw ScimException.Unauthorized();
        }
    }
}
