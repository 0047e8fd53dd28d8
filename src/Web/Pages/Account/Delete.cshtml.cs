using Mediator;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Accounts.Commands.DeleteUser;
using TenantSessions.Application.Accounts.Queries.GetAccountDeletion;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Account;

/// <summary>
/// "Delete your account": the page is the confirmation (what goes, counted now), the password field and the danger
/// button; a stale session is made fresh with the same password, or a passkey through the step-up form when the account
/// has no password. Afterwards the browser is signed out (its cookies cleared, a rotated step-up cookie included) and
/// sent to <c>/account-deleted</c>.
/// </summary>
public sealed class DeleteModel(IMediator mediator) : SessionPageModel(mediator)
{
    public AccountDeletionPreview Preview { get; private set; } = null!;

    [BindProperty]
    public string? Password { get; set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Preview = await Mediator.Send(new GetAccountDeletionQuery(), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Password) && (await Mediator.Send(new GetAccountDeletionQuery(), HttpContext.RequestAborted)).HasPassword)
        {
            ModelState.AddModelError(nameof(Password), "Enter your password to delete your account.");
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        return await RunAsync(StepUpPrompt.For("", "delete your account"), async ct =>
        {
            var command = new DeleteUserCommand(Password);
            try
            {
                try
                {
                    await Mediator.Send(command, ct);
                }
                catch (RefusalException e) when (e.Code == ErrorCodes.SessionNotFresh && !string.IsNullOrEmpty(Password))
                {
                    await ReauthenticateAsync(Password, ct);
                    await Mediator.Send(command, ct);
                }
            }
            catch (RefusalException e) when (e.Code == ErrorCodes.InvalidPassword)
            {
                ModelState.AddModelError(nameof(Password), e.Message);
                return await ShowAsync(StatusCodes.Status400BadRequest);
            }

            await HttpContext.SignOutSessionAsync();
            return Redirect("/account-deleted");
        });
    }

    protected override string FieldFor(string property) =>
        string.Equals(property, "password", StringComparison.OrdinalIgnoreCase) ? nameof(Password) : "";

    /// <summary>"3 sessions", "1 passkey": what the list names.</summary>
    public static string Count(int count, string one, string many) => Plural(count, one, many);
}
