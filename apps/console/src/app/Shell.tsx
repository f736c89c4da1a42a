import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { Preferences } from '../components/Preferences';
import { mayOpen } from '../session/permissions';
import { useSession, useSignedIn } from '../session/SessionProvider';
import { SCREENS } from './screens';

/** The frame of every screen: a skip link, who is signed in, the screens the role may open, preferences and sign-out. */
export function Shell() {
  const { t } = useTranslation();
  const { me } = useSignedIn();
  const { signOut } = useSession();
  const screens = SCREENS.filter((s) => s.nav && mayOpen(me.role, s.id));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('shell.brand')}</span>
        <div className="topbar-tools">
          <Preferences />
          <span className="identity" data-testid="identity">
            {t('shell.signedInAs', { name: me.name, role: t(`role.${me.role}`) })}
          </span>
          <Button className="button secondary" onPress={signOut}>
            {t('shell.signOut')}
          </Button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('shell.navigation')}>
        <ul>
          {screens.map((s) => (
            <li key={s.path}>
              <NavLink to={`/${s.path}`}>{t(s.nav!)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
