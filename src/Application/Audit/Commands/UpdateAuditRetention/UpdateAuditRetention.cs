using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Audit.Commands.UpdateAuditRetention;

/// <summary>How long the workspace keeps its audit events: null = the platform default, never above the platform maximum.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UpdateAuditRetentionCommand(TimeSpan? Retention) : ICommand<AuditRetentionView>, IRequireFreshSession;

[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetAuditRetentionQuery : IQuery<AuditRetentionView>;

/// <param name="Workspace">The workspace's own choice, or null for the platform default.</param>
public sealed record AuditRetentionView(TimeSpan? Workspace, TimeSpan Default, TimeSpan Maximum, TimeSpan Effective);

public sealed class UpdateAuditRetentionValidator : AbstractValidator<UpdateAuditRetentionCommand>
{
    public UpdateAuditRetentionValidator(IOptions<AuditOptions> options)
    {
        RuleFor(c => c.Retention)
            .Must(r => r is null || (r >= AuditOptions.MinRetention && r <= options.Value.MaxRetention))
            .WithMessage($"Keep audit events between 1 day and {options.Value.MaxRetention.TotalDays:0} days (the platform's maximum).");
    }
}

public sealed class UpdateAuditRetentionHandler(IApplicationDbContext db, ICurrentTenant currentTenant, ISessionStore store, IOptions<AuditOptions> options) :
    ICommandHandler<UpdateAuditRetentionCommand, AuditRetentionView>,
    IQueryHandler<GetAuditRetentionQuery, AuditRetentionView>
{
    public async ValueTask<AuditRetentionView> Handle(UpdateAuditRetentionCommand command, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id;
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new NotFoundException("There is no workspace here.");
        var before = tenant.AuditRetention;
        tenant.KeepAuditEventsFor(command.Retention);
        store.Record(AuditActions.AuditRetentionChanged, tenant.Id, null, null, $"{Days(before)} → {Days(command.Retention)}");
        return View(command.Retention);
    }

    public async ValueTask<AuditRetentionView> Handle(GetAuditRetentionQuery query, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id;
        var retention = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => new { t.AuditRetention }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no workspace here.");
        return View(retention.AuditRetention);
    }

    private AuditRetentionView View(TimeSpan? workspace) =>
        new(workspace, options.Value.Retention, options.Value.MaxRetention, options.Value.RetentionFor(workspace));

    private static string Days(TimeSpan? retention) => retention is { } r ? $"{r.TotalDays:0.##} days" : "platform default";
}
