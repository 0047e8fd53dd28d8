namespace TenantSessions.Application.Common.Security;

/// <summary>Marks a sensitive command: the caller must have entered their password within the tenant's <c>freshAge</c>.</summary>
public interface IRequireFreshSession;
