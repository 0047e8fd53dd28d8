using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Admin.Invitations;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

public sealed record InviteRequest(string? Email, string? Role);

public sealed record InvitationDto(Guid Id, string Email, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Expired)
{
    public static InvitationDto From(InvitationSummary s) => new(s.Id, s.Email, s.Role, s.CreatedAt, s.ExpiresAt, s.Expired);
}

public sealed record InvitationsResponse(IReadOnlyList<InvitationDto> Invitations);

public sealed record JoinPolicyDto(string Policy, IReadOnlyList<string> Domains)
{
    public static JoinPolicyDto From(JoinPolicyView view) => new(JsonName(view.Policy), view.Domains);

    public static string JsonName(JoinPolicy policy) => policy switch
    {
        JoinPolicy.Open => "open",
        JoinPolicy.AllowedDomains => "allowedDomains",
        _ => "inviteOnly",
    };

    public static JoinPolicy Parse(string? value) => value switch
    {
        "inviteOnly" => JoinPolicy.InviteOnly,
        "allowedDomains" => JoinPolicy.AllowedDomains,
        "open" => JoinPolicy.Open,
        _ => throw new ValidationException("policy", "The policy must be inviteOnly, allowedDomains or open."),
    };
}

public sealed record JoinPolicyRequest(string? Policy, IReadOnlyList<string>? Domains);

/// <summary>Invitations and the join policy of the current workspace, for its admins.</summary>
public static class InvitationEndpoints
{
    public static RouteGroupBuilder MapInvitationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/admin").WithTags("Tenant administration")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin));
        group.MapGet("/invitations", List);
        group.MapPost("/invitations", Invite);
        group.MapPost("/invitations/{id}/resend", Resend);
        group.MapDelete("/invitations/{id}", Cancel);
        group.MapGet("/join-policy", GetJoinPolicy);
        group.MapPut("/join-policy", UpdateJoinPolicy);
        return group;
    }

    private static async Task<Ok<InvitationsResponse>> List(HttpContext context, IMediator mediator)
    {
        var invitations = await mediator.Send(new ListInvitationsQuery(), context.RequestAborted);
        return TypedResults.Ok(new InvitationsResponse(invitations.Select(InvitationDto.From).ToList()));
    }

    private static async Task<Ok<InvitationDto>> Invite(InviteRequest request, HttpContext context, IMediator mediator)
    {
        var invitation = await mediator.Send(new InviteMemberCommand(request.Email ?? "", request.Role ?? Roles.Member), context.RequestAborted);
        return TypedResults.Ok(InvitationDto.From(invitation));
    }

    private static async Task<Ok<InvitationDto>> Resend(string id, HttpContext context, IMediator mediator)
    {
        var invitation = await mediator.Send(new ResendInvitationCommand(RequestValues.Id(id, "id")), context.RequestAborted);
        return TypedResults.Ok(InvitationDto.From(invitation));
    }

    private static async Task<Ok<SuccessResponse>> Cancel(string id, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new CancelInvitationCommand(RequestValues.Id(id, "id")), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    private static async Task<Ok<JoinPolicyDto>> GetJoinPolicy(HttpContext context, IMediator mediator) =>
        TypedResults.Ok(JoinPolicyDto.From(await mediator.Send(new GetJoinPolicyQuery(), context.RequestAborted)));

    private static async Task<Ok<JoinPolicyDto>> UpdateJoinPolicy(JoinPolicyRequest request, HttpContext context, IMediator mediator) =>
        TypedResults.Ok(JoinPolicyDto.From(await mediator.Send(new UpdateJoinPolicyCommand(JoinPolicyDto.Parse(request.Policy), request.Domains ?? []), context.RequestAborted)));
}
