using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Sessions.Commands.Reauthenticate;
using TenantSessions.Application.Sso.Commands.SsoStepUp;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// What a sensitive action needs to be sent again once the person has confirmed their password: the page handler, the
/// route values, the form fields of the action, and how to name it ("end every session of Bob").
/// </summary>
public sealed record StepUpPrompt(string Handler, string Action, IReadOnlyDictionary<string, string> Fields, IDictionary<string, string> Route)
{
    public static StepUpPrompt For(string handler, string action, IReadOnlyDictionary<string, string>? fields = null, IDictionary<string, string>? route = null) =>
        new(handler, action, fields ?? new Dictionary<string, string>(), route ?? new Dictionary<string, string>());
}

/// <summary>
/// Base of the pages that manage sessions. Handlers send one command through <see cref="RunAsync"/> and redirect
/// (post/redirect/get) with a flash message; the Application's errors become a message on the re-rendered page; a
/// command that needs a fresh session (<c>SESSION_NOT_FRESH</c>) shows the password step-up form, whose post
/// re-authenticates (new token, new cookie) and then sends the same command again in the same request.
/// </summary>
public abstract class SessionPageModel(IMediator mediator) : PageModel
{
    protected IMediator Mediator => mediator;

    [TempData]
    public string? Flash { get; set; }

    /// <summary>
    /// After a sign-in factor changed: how many other sessions are still signed in, offered beside the flash as one
    /// "Sign out" button (ASVS 5.0 7.4.3); null or 0 offers nothing.
    /// </summary>
    [TempData]
    public int? EndOthersOffer { get; set; }

    public string? Error { get; protected set; }

    public StepUpPrompt? StepUp { get; private set; }

    public string? StepUpError { get; private set; }

    /// <summary>The person asked to confirm it's them has a passkey on this workspace, so the step-up offers it.</summary>
    public bool StepUpWithPasskey { get; private set; }

    /// <summary>The session was signed in through an IdP, so the step-up offers "Continue with {IdP}" (ADR-027).</summary>
    public SsoStepUpOffer? StepUpWithSso { get; private set; }

    /// <summary>Set when the page answers a destructive action's first post with its confirmation step (no JavaScript).</summary>
    public ConfirmPrompt? Confirm { get; private set; }

    /// <summary>Sent as <c>confirmed=true</c> by the confirmation step's form or by <c>confirm.js</c> after the dialog.</summary>
    [BindProperty(Name = ConfirmPrompt.ConfirmedField)]
    public bool Confirmed { get; set; }

    /// <summary>Sent by the step-up form together with the fields of the action it confirms.</summary>
    [BindProperty]
    public string? StepUpPassword { get; set; }

    /// <summary>Reads what the page shows. A <see cref="NotFoundException"/> here makes the page a 404.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Loads and renders the page with <paramref name="status"/>; a missing subject becomes a 404.</summary>
    protected async Task<IActionResult> ShowAsync(int status = StatusCodes.Status200OK)
    {
        try
        {
            await LoadAsync(HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Response.StatusCode = status;
        return Page();
    }

    protected async Task<IActionResult> RunAsync(StepUpPrompt stepUp, Func<CancellationToken, Task<IActionResult>> action)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (!string.IsNullOrEmpty(StepUpPassword))
        {
            try
            {
                await ReauthenticateAsync(StepUpPassword, cancellationToken);
            }
            catch (RefusalException e) when (ErrorStatus.Of(e) != StatusCodes.Status401Unauthorized)
            {
                StepUp = stepUp;
                StepUpError = e.Message;
                StepUpWithPasskey = await HasPasskeyAsync(cancellationToken);
                StepUpWithSso = await SsoOfferAsync(cancellationToken);
                return await ShowAsync(ErrorStatus.Of(e));
            }
        }

        try
        {
            return await action(cancellationToken);
        }
        catch (RefusalException e) when (e.Code == ErrorCodes.SessionNotFresh)
        {
            StepUp = stepUp;
            StepUpWithPasskey = await HasPasskeyAsync(cancellationToken);
            StepUpWithSso = await SsoOfferAsync(cancellationToken);
            return await ShowAsync();
        }
        catch (RefusalException e) when (ErrorStatus.Of(e) == StatusCodes.Status401Unauthorized)
        {
            await HttpContext.SignOutSessionAsync();
            return Redirect($"/sign-in?reason={Uri.EscapeDataString(e.Code)}");
        }
        catch (RefusalException e)
        {
            Error = e.Message;
            return await ShowAsync(ErrorStatus.Of(e));
        }
        catch (NotFoundException e)
        {
            Error = e.Message;
            return await ShowAsync(StatusCodes.Status404NotFound);
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(FieldFor(field), message);
                }
            }

            return await ShowAsync(StatusCodes.Status400BadRequest);
        }
        catch (ForbiddenAccessException)
        {
            return Redirect("/forbidden");
        }
    }

    /// <summary>
    /// A destructive action: until the post carries <c>confirmed=true</c>, nothing changes and the page shows what the
    /// action will do, as <paramref name="describe"/> counts it now. Then it runs as <see cref="RunAsync"/> does, and a
    /// step-up prompt in between keeps the confirmation.
    /// </summary>
    protected async Task<IActionResult> ConfirmThenRunAsync(
        Func<CancellationToken, Task<ConfirmPrompt>> describe, StepUpPrompt stepUp, Func<CancellationToken, Task<IActionResult>> action)
    {
        if (Confirmed)
        {
            var fields = new Dictionary<string, string>(stepUp.Fields) { [ConfirmPrompt.ConfirmedField] = "true" };
            return await RunAsync(stepUp with { Fields = fields }, action);
        }

        try
        {
            Confirm = await describe(HttpContext.RequestAborted);
        }
        catch (NotFoundException e)
        {
            Error = e.Message;
            return await ShowAsync(StatusCodes.Status404NotFound);
        }
        catch (ForbiddenAccessException)
        {
            return Redirect("/forbidden");
        }

        return await ShowAsync();
    }

    /// <summary>The form field a validation error of the command's <paramref name="property"/> belongs to; "" for the summary only.</summary>
    protected virtual string FieldFor(string property) => "";

    /// <summary>
    /// Checks the password and rotates the session (new token in a new cookie). The rest of this request then counts as
    /// fresh: the session it carries is the re-authenticated one.
    /// </summary>
    protected async Task ReauthenticateAsync(string password, CancellationToken cancellationToken)
    {
        var issued = await mediator.Send(new ReauthenticateCommand(password), cancellationToken);
        await HttpContext.SignInAsync(issued);
    }

    /// <summary>
    /// After a revocation: when the person's own session was among those ended, they sign in again (the session handler
    /// clears the cookies of an ended session).
    /// </summary>
    protected IActionResult Done(RevokedSessions result, string flash, object? routeValues = null)
    {
        if (result.IncludesCurrentSession)
        {
            return Redirect($"/sign-in?reason={RevokeReasons.SignedOut}");
        }

        return Done(flash, routeValues);
    }

    /// <summary><see cref="Done(string, object?)"/> after a sign-in factor changed, offering to end the other sessions.</summary>
    protected async Task<IActionResult> DoneAfterFactorChangeAsync(string flash, CancellationToken cancellationToken)
    {
        await OfferToEndOthersAsync(cancellationToken);
        return Done(flash);
    }

    /// <summary>Counts the other sessions for the offer shown with the next flash (or this render).</summary>
    protected async Task OfferToEndOthersAsync(CancellationToken cancellationToken) =>
        EndOthersOffer = await Endpoints.OtherSessions.CountAsync(Mediator, cancellationToken);

    protected IActionResult Done(string flash, object? routeValues = null)
    {
        Flash = flash;
        return RedirectToPage(routeValues);
    }

    private async Task<SsoStepUpOffer?> SsoOfferAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Mediator.Send(new GetSsoStepUpQuery(), cancellationToken);
        }
        catch (Exception e) when (e is RefusalException or ForbiddenAccessException)
        {
            return null;
        }
    }

    private async Task<bool> HasPasskeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await Mediator.Send(new TenantSessions.Application.Passkeys.Queries.ListMyPasskeysQuery(), cancellationToken)).Count > 0;
        }
        catch (Exception e) when (e is RefusalException or ForbiddenAccessException)
        {
            return false;
        }
    }

    protected static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);

    protected static string Plural(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";
}
