using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Webhooks.Commands.DeleteWebhookEndpoint;
using TenantSessions.Application.Webhooks.Commands.RegisterWebhookEndpoint;
using TenantSessions.Application.Webhooks.Commands.RotateWebhookSecret;
using TenantSessions.Application.Webhooks.Queries.ListWebhookEndpoints;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>
/// The workspace's SIEM endpoints (ADR-029): add one (its secret shown once, on the page the post renders, never in a
/// redirect or TempData), rotate its secret, delete it (confirmed), and each one's latest deliveries with their status,
/// attempts and last error.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class WebhooksModel(IMediator mediator) : SessionPageModel(mediator)
{
    public IReadOnlyList<(WebhookEndpointDetail Detail, ConfirmPrompt Delete)> Endpoints { get; private set; } = [];

    /// <summary>The secret just made (registration or rotation), shown in this response only.</summary>
    public WebhookSecretIssued? Issued { get; private set; }

    [BindProperty]
    public string EndpointUrl { get; set; } = "";

    [BindProperty]
    public string Description { get; set; } = "";

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var list = new List<(WebhookEndpointDetail, ConfirmPrompt)>();
        foreach (var view in await Mediator.Send(new ListWebhookEndpointsQuery(), cancellationToken))
        {
            var detail = await Mediator.Send(new GetWebhookEndpointQuery(view.Id, 20), cancellationToken);
            list.Add((detail, DeletePrompt(view.Id, view.Url, detail.Undelivered)));
        }

        Endpoints = list;
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAddAsync() =>
        RunAsync(StepUpPrompt.For("Add", $"add the webhook endpoint {EndpointUrl}", Fields(("EndpointUrl", EndpointUrl), ("Description", Description))), async ct =>
        {
            Issued = await Mediator.Send(new RegisterWebhookEndpointCommand(EndpointUrl, Description), ct);
            EndpointUrl = "";
            Description = "";
            ModelState.Clear();
            return await ShowSecretAsync();
        });

    public Task<IActionResult> OnPostRotateAsync(Guid endpointId) =>
        RunAsync(StepUpPrompt.For("Rotate", "give the endpoint a new secret", Fields(("endpointId", endpointId.ToString()))), async ct =>
        {
            Issued = await Mediator.Send(new RotateWebhookSecretCommand(endpointId), ct);
            return await ShowSecretAsync();
        });

    public Task<IActionResult> OnPostDeleteAsync(Guid endpointId) =>
        ConfirmThenRunAsync(
            async ct =>
            {
                var detail = await Mediator.Send(new GetWebhookEndpointQuery(endpointId, 1), ct);
                return DeletePrompt(endpointId, detail.Endpoint.Url, detail.Undelivered);
            },
            StepUpPrompt.For("Delete", "delete the webhook endpoint", Fields(("endpointId", endpointId.ToString()))),
            async ct =>
            {
                await Mediator.Send(new DeleteWebhookEndpointCommand(endpointId), ct);
                return Done("The endpoint was deleted. It receives no more events.");
            });

    private async Task<IActionResult> ShowSecretAsync()
    {
        Response.Headers.CacheControl = "no-store";
        return await ShowAsync();
    }

    private static ConfirmPrompt DeletePrompt(Guid id, string url, int undelivered) => new(
        "Delete",
        $"Delete the endpoint {url}?",
        undelivered == 0
            ? "It receives no more events. Every event so far was delivered."
            : $"It receives no more events, and the {(undelivered == 1 ? "1 event" : $"{undelivered} events")} not delivered yet are dropped (they stay in the audit log).",
        "Delete the endpoint",
        new Dictionary<string, string> { ["endpointId"] = id.ToString() },
        new Dictionary<string, string>());

    protected override string FieldFor(string property) => property switch
    {
        "url" or "Url" => nameof(EndpointUrl),
        "description" or "Description" => nameof(Description),
        _ => "",
    };
}
