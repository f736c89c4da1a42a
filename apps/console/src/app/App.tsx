import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../api/api-error';
import { Loading } from '../components/Loading';
import { NotAllowed } from '../components/NotAllowed';
import { i18n } from '../i18n/i18n';
import { PreferencesProvider } from '../prefs/PreferencesProvider';
import { NotFound } from '../screens/NotFound';
import { SignIn } from '../screens/SignIn';
import { homeScreenOf, mayOpen } from '../session/permissions';
import { SessionProvider, useSession, useSignedIn } from '../session/SessionProvider';
import { SCREENS, ScreenDef, pathOf } from './screens';
import { Shell } from './Shell';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // Answers hold personal data: keep them briefly, never retry what the ledger refused.
      gcTime: 5 * 60_000,
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queries}>
        <PreferencesProvider>
          <SessionProvider>
            <BrowserRouter basename="/console">
              <Routes>
                <Route path="sign-in" element={<SignIn />} />
                <Route element={<RequireSignIn />}>
                  <Route index element={<Home />} />
                  {SCREENS.map((screen) => (
                    <Route key={screen.path} path={screen.path} element={<Screen screen={screen} />} />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </BrowserRouter>
          </SessionProvider>
        </PreferencesProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}

/** Screens need a signed-in key; without one, the sign-in screen (which returns here after). */
function RequireSignIn() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'checking') return <Loading />;
  if (state.status === 'signed-out') return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return <Shell />;
}

/** /console/ opens the first screen the key may open. */
function Home() {
  const { me } = useSignedIn();
  return <Navigate to={pathOf(homeScreenOf(me.role))} replace />;
}

/** A screen, if the key's role may open it; else the "not allowed" view (as the API would answer 403). */
function Screen({ screen }: { screen: ScreenDef }) {
  const { me } = useSignedIn();
  if (!mayOpen(me.role, screen.id)) return <NotAllowed />;
  const Component = screen.component;
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}
